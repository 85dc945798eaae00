export function Quote({ text, cite }: { text: string; cite?: string }) {
  return (
    <figure className="quote">
      <blockquote>
        <p>{text}</p>
      </blockquote>
      {cite && <figcaption>— {cite}</figcaption>}
    </figure>
  );
}
