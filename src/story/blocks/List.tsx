import { InlineHtml } from "../InlineHtml.tsx";

export function List({ ordered, items }: { ordered: boolean; items: string[] }) {
  const children = items.map((html, index) => (
    // Items have no identity beyond their position in the story.
    <li key={index}>
      <InlineHtml html={html} />
    </li>
  ));
  return ordered ? <ol>{children}</ol> : <ul>{children}</ul>;
}
