import { render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Block } from "../api/index.ts";
import { Body } from "./Body.tsx";

afterEach(() => vi.unstubAllGlobals());

describe("Body blocks", () => {
  it("renders a paragraph's allowed inline HTML and opens external links safely", () => {
    render(
      <Body
        blocks={[{ type: "paragraph", html: 'A <strong>big</strong> <a href="https://example.org/x">link</a>' }]}
      />,
    );
    expect(screen.getByText("big").tagName).toBe("STRONG");
    const link = screen.getByRole("link", { name: "link" });
    expect(link).toHaveAttribute("href", "https://example.org/x");
    expect(link).toHaveAttribute("target", "_blank");
    expect(link).toHaveAttribute("rel", "noopener noreferrer");
  });

  it("renders a hostile paragraph as harmless text", () => {
    const { container } = render(
      <Body
        blocks={[{ type: "paragraph", html: '<img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>' }]}
      />,
    );
    expect(container.querySelector("img, script, [onerror]")).toBeNull();
    expect(container.querySelector("a")).toBeNull();
    expect(container).toHaveTextContent("x");
  });

  it("renders a heading as a sub-heading", () => {
    render(<Body blocks={[{ type: "heading", text: "What changes" }]} />);
    expect(screen.getByRole("heading", { level: 2, name: "What changes" })).toBeInTheDocument();
  });

  it("renders a quote with and without its source", () => {
    render(
      <Body
        blocks={[
          { type: "quote", text: "We asked a lot.", cite: "The director" },
          { type: "quote", text: "Unattributed." },
        ]}
      />,
    );
    const [first, second] = screen.getAllByRole("blockquote");
    expect(first).toHaveTextContent("We asked a lot.");
    expect(first?.closest("figure")).toHaveTextContent("— The director");
    expect(second?.closest("figure")?.querySelector("figcaption")).toBeNull();
  });

  it("renders an image block lazily, at its intrinsic size, with caption and credit", () => {
    render(
      <Body
        blocks={[
          {
            type: "image",
            image: {
              src: "/media/a-1200.jpg",
              width: 1200,
              height: 900,
              alt: "A map",
              caption: "The route.",
              credit: "Dispatch Graphics",
            },
          },
        ]}
      />,
    );
    const image = screen.getByRole("img", { name: "A map" });
    expect(image).toHaveAttribute("loading", "lazy");
    expect(image).not.toHaveAttribute("fetchpriority");
    expect(image).toHaveAttribute("width", "1200");
    expect(image).toHaveAttribute("height", "900");
    expect(within(image.closest("figure") as HTMLElement).getByText("Dispatch Graphics")).toBeInTheDocument();
  });

  it("renders ordered and unordered lists with inline HTML items", () => {
    render(
      <Body
        blocks={[
          { type: "list", ordered: true, items: ["one", "<em>two</em>"] },
          { type: "list", ordered: false, items: ["three"] },
        ]}
      />,
    );
    const [ordered, unordered] = screen.getAllByRole("list");
    expect(ordered?.tagName).toBe("OL");
    expect(within(ordered as HTMLElement).getByText("two").tagName).toBe("EM");
    expect(unordered?.tagName).toBe("UL");
  });

  it("prints the dateline in capitals before the first paragraph only", () => {
    render(
      <Body
        dateline="Port Ellis"
        blocks={[
          { type: "heading", text: "Heading first" },
          { type: "paragraph", html: "First paragraph." },
          { type: "paragraph", html: "Second paragraph." },
        ]}
      />,
    );
    expect(screen.getByText("First paragraph.", { exact: false })).toHaveTextContent("PORT ELLIS — First paragraph.");
    expect(screen.getByText("Second paragraph.")).not.toHaveTextContent("PORT ELLIS");
  });

  it("keeps the rest of the story when one block fails to render", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    // Make the parser fail on one paragraph only, as a browser bug or a hostile string might.
    const innerHtml = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML");
    Object.defineProperty(HTMLTemplateElement.prototype, "innerHTML", {
      configurable: true,
      set(this: Element, html: string) {
        if (html.includes("boom")) throw new Error("parser failed");
        innerHtml?.set?.call(this, html);
      },
    });
    try {
      const blocks: Block[] = [
        { type: "paragraph", html: "before" },
        { type: "paragraph", html: "boom" },
        { type: "paragraph", html: "after" },
      ];
      render(<Body blocks={blocks} />);
      expect(screen.getByText("before")).toBeInTheDocument();
      expect(screen.getByText("after")).toBeInTheDocument();
      expect(screen.queryByText("boom")).toBeNull();
    } finally {
      Reflect.deleteProperty(HTMLTemplateElement.prototype, "innerHTML");
      error.mockRestore();
    }
  });
});
