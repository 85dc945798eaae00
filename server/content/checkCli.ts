import { parseArgs } from "node:util";
import { checkSources, describeChecks, summarise } from "./check.ts";
import { parseSourceSetting } from "./contentSource.ts";

/**
 * `npm run sources:check [-- SOURCE...] [--json]`: reads the sources named (`feed:./coast.xml`,
 * `wordpress:https://…`), or CONTENT_SOURCE as the server reads it, once, and says what each
 * story became and what was dropped. Exits 1 when a source could not be read.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { json: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  const settings = positionals.flatMap((raw) => {
    const setting = parseSourceSetting(raw);
    return setting ? [setting] : [];
  });
  if (settings.length === 0) {
    // As the server reads it (server/config.ts), without asking for the server's other settings.
    const configured = parseSourceSetting(process.env.CONTENT_SOURCE);
    if (configured) settings.push(configured);
  }
  if (settings.length === 0) {
    console.error("Name a source to check (npm run sources:check -- feed:./coast.xml) or set CONTENT_SOURCE.");
    return 2;
  }
  const checks = await checkSources(settings);
  console.log(values.json ? JSON.stringify({ sources: checks, summary: summarise(checks) }) : describeChecks(checks));
  return checks.some((check) => check.error !== undefined) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
