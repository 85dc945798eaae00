import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Gallery as GalleryBlock } from "../../api/index.ts";
import { Gallery } from "./Gallery.tsx";

const gallery: GalleryBlock = {
  type: "gallery",
  caption: "The regatta in pictures",
  images: [
    {
      src: "/media/rowing-eight-1200.jpg",
      width: 1200,
      height: 800,
      alt: "An eight at full stretch",
      caption: "The final.",
      credit: "Ana Field/Dispatch",
      sources: [{ src: "/media/rowing-eight-480.avif", width: 480, type: "image/avif" }],
    },
    { src: "/media/quay-market-1200.jpg", width: 1200, height: 900, alt: "" },
  ],
};

describe("Gallery", () => {
  it("shows every image together, sized and lazy, each with its caption and credit", () => {
    render(<Gallery gallery={gallery} />);
    const [outer] = screen.getAllByRole("figure");
    expect(outer?.querySelector(":scope > figcaption")).toHaveTextContent("The regatta in pictures");
    const items = within(screen.getByRole("list")).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    const images = screen.getByRole("list").querySelectorAll("img");
    expect([...images].map((image) => [image.getAttribute("width"), image.getAttribute("height")])).toEqual([
      ["1200", "800"],
      ["1200", "900"],
    ]);
    for (const image of images) expect(image).toHaveAttribute("loading", "lazy");
    const first = items[0] as HTMLElement;
    expect(first.querySelector("figcaption")).toHaveTextContent("The final.Ana Field/Dispatch");
    expect(first.querySelector("source")).toHaveAttribute("srcset", "/media/rowing-eight-480.avif 480w");
    expect((items[1] as HTMLElement).querySelector("figcaption")).toBeNull();
  });

  it("opens each image larger through a link, named for the image, that the keyboard reaches", async () => {
    const user = userEvent.setup();
    render(<Gallery gallery={gallery} />);
    await user.tab();
    const first = screen.getByRole("link", { name: "An eight at full stretch, full size" });
    expect(first).toHaveFocus();
    expect(first).toHaveAttribute("href", "/media/rowing-eight-1200.jpg");
    await user.tab();
    expect(screen.getByRole("link", { name: "Image 2 of 2, full size" })).toHaveFocus();
  });
});
