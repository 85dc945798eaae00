import type { Headline, Story } from "../schema.ts";

export function headline(overrides: Partial<Headline> = {}): Headline {
  return {
    slug: "tide-mill-restored",
    headline: "Tide mill turns again after forty years",
    datePublished: "2026-11-19T08:00:00Z",
    ...overrides,
  };
}

export function story(overrides: Partial<Story> = {}): Story {
  return {
    slug: "harbor-bridge-reopens",
    headline: "Harbor bridge reopens after repairs",
    standfirst: "Commuters get their crossing back early.",
    section: "Local",
    datePublished: "2026-11-20T09:30:00Z",
    byline: "Ana Field",
    image: {
      src: "/media/bridge-1200.jpg",
      width: 1200,
      height: 800,
      alt: "A bridge at dawn",
      caption: "The bridge at dawn.",
      credit: "Ana Field/Dispatch",
      sources: [
        { src: "/media/bridge-480.avif", width: 480, type: "image/avif" },
        { src: "/media/bridge-1200.avif", width: 1200, type: "image/avif" },
      ],
    },
    body: [{ type: "paragraph", html: "The bridge reopened on <em>Thursday</em>." }],
    related: [headline(), headline({ slug: "ferry-winter", headline: "Ferries move to winter times" })],
    ...overrides,
  };
}
