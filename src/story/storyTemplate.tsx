import type { Story } from "../api/index.ts";
import { StoryArticle } from "./StoryArticle.tsx";
import { slot, STORY_TOP_TEMPLATE } from "./storySlots.ts";

// Sizes are numbers to the app; in the template they are slots like any other attribute.
const pixels = (name: string) => slot(name) as unknown as number;

/** A story with every part of its top present, each a slot. */
const SLOTTED: Story = {
  slug: "story-top",
  headline: slot("headline"),
  section: slot("section"),
  standfirst: slot("standfirst"),
  language: slot("language"),
  datePublished: "2000-01-01T00:00:00Z",
  image: {
    src: slot("src"),
    width: pixels("width"),
    height: pixels("height"),
    alt: slot("alt"),
    caption: slot("caption"),
    credit: slot("credit"),
    sources: [
      { src: slot("typed_srcset"), width: 1, type: slot("typed_type") },
      { src: slot("srcset"), width: 1 },
    ],
  },
  body: [],
  related: [],
};

/** The story's top, as StoryArticle draws it, for the boot script to fill before the app runs. */
export function StoryTopTemplate() {
  return (
    <template id={STORY_TOP_TEMPLATE}>
      <StoryArticle story={SLOTTED} />
    </template>
  );
}
