import { pathToFileURL } from "node:url";
import type { AppRender } from "../../contract/appRender.ts";
import { nodeHtmlTree } from "../content/nodeHtmlTree.ts";

/**
 * The app's server bundle at `file`, ready to render in Node (inline HTML is sanitised with
 * htmlparser2). A different `version` imports a rebuilt bundle afresh, as a new module.
 */
export async function importAppRender(file: string, version?: number): Promise<AppRender> {
  const url = pathToFileURL(file).href;
  const module: AppRender = await import(version === undefined ? url : `${url}?${version}`);
  module.setInlineHtmlTree(nodeHtmlTree);
  return module;
}
