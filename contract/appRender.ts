/**
 * What the app's server bundle (`vite build --ssr src/app/render.tsx`, dist-ssr/render.js)
 * offers the build and the server: a page of the reader rendered to HTML from data already
 * checked against the contract, with the query cache to embed beside it.
 */
import type { HtmlTree } from "./htmlTree.ts";
import type { FrontPage, Story } from "./schema.ts";

export type PageData = { kind: "front"; frontPage: FrontPage } | { kind: "story"; story: Story };

export type RenderedApp = { html: string; state: unknown };

export type AppRender = {
  renderAppHtml(url: string, data: PageData): RenderedApp;
  /** The shell's own first screen: the frame around a story that has not arrived, and the story's top as a template. */
  renderShell(): string;
  /** The site's frame (skip link, masthead, footer), split where a page's content goes. */
  renderFrame(): { before: string; after: string };
  /** Node has no DOMParser: its caller gives the render the parser it sanitises inline HTML with. */
  setInlineHtmlTree<TNode>(tree: HtmlTree<TNode>): void;
};
