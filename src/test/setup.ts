import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(cleanup);

// The default one second is too tight on a loaded two-core CI machine; waits still end as soon as they pass.
configure({ asyncUtilTimeout: 5000 });

// jsdom has no modal dialogs; this stand-in keeps the open state and the close event,
// which is all the component tests rely on. Real modality is tested in Chromium (e2e/).
if (typeof HTMLDialogElement !== "undefined" && !HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    if (!this.hasAttribute("open")) return;
    this.removeAttribute("open");
    this.dispatchEvent(new Event("close"));
  };
}

// jsdom does not lay out or scroll; scroll restoration's calls are no-ops here.
window.scrollTo = () => {};
