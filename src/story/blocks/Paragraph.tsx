import { InlineHtml } from "../InlineHtml.tsx";

export function Paragraph({ html, dateline }: { html: string; dateline?: string }) {
  return (
    <p>
      {dateline && <span className="dateline">{dateline.toUpperCase()} — </span>}
      <InlineHtml html={html} />
    </p>
  );
}
