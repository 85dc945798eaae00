import { describe, expect, it } from "vitest";
import { criticalChunkKeys, isSignupDialogChunk } from "./criticalJs.ts";
import type { Manifest } from "./criticalJs.ts";

const manifest: Manifest = {
  "index.html": {
    file: "assets/index-a.js",
    isEntry: true,
    imports: ["_vendor-b.js"],
    dynamicImports: ["src/signup/SignupDialog.tsx"],
  },
  "_vendor-b.js": { file: "assets/vendor-b.js", imports: ["_shared-c.js", "index.html"] },
  "_shared-c.js": { file: "assets/shared-c.js" },
  "src/signup/SignupDialog.tsx": {
    file: "assets/SignupDialog-d.js",
    src: "src/signup/SignupDialog.tsx",
    imports: ["_shared-c.js"],
  },
};

describe("criticalChunkKeys", () => {
  it("follows static imports recursively, once each, and skips dynamic imports", () => {
    expect(criticalChunkKeys(manifest)).toEqual(["index.html", "_vendor-b.js", "_shared-c.js"]);
  });

  it("fails loudly on a manifest that names a missing chunk", () => {
    expect(() => criticalChunkKeys({ "index.html": { file: "a.js", imports: ["_gone.js"] } })).toThrow(
      /no chunk "_gone.js"/,
    );
  });
});

describe("isSignupDialogChunk", () => {
  it("recognises the dialog's chunk by its source or file name", () => {
    expect(isSignupDialogChunk("src/signup/SignupDialog.tsx", manifest)).toBe(true);
    expect(isSignupDialogChunk("_vendor-b.js", manifest)).toBe(false);
  });
});
