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

/** One of each of contract 1.2's blocks, as a story's body holds them. */
export function richBlocks(): Story["body"] {
  return [
    { type: "paragraph", html: "The regatta in four parts." },
    {
      type: "gallery",
      caption: "The day in pictures",
      images: [
        {
          src: "/media/rowing-1200.jpg",
          width: 1200,
          height: 800,
          alt: "An eight at full stretch",
          caption: "The final.",
        },
        { src: "/media/quay-1200.jpg", width: 1200, height: 800, alt: "Crowds on the quay", credit: "Ana Field" },
      ],
    },
    {
      type: "table",
      caption: "Men's eights, final",
      head: [["Place", "Crew"]],
      rows: [["1", "<em>Port Ellis RC</em>"]],
    },
    {
      type: "embed",
      provider: "youtube",
      url: "https://www.youtube.com/watch?v=Dspt0RgtTa1",
      title: "The final, from the bank",
      author: "Port Ellis Rowing Club",
      thumbnail: { src: "/media/rowing-1200.jpg", width: 1200, height: 800, alt: "" },
    },
    {
      type: "media",
      kind: "video",
      title: "The last 250 metres",
      duration: 12,
      sources: [{ src: "/media/finish.webm", type: "video/webm" }],
      poster: { src: "/media/finish-1200.jpg", width: 1200, height: 675, alt: "" },
      captions: [],
    },
  ];
}
