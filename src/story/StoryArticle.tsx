import type { ReactNode, Ref } from "react";
import type { Story } from "../api/index.ts";
import { textDirection } from "../../contract/language.ts";
import { StoryFigure } from "./StoryFigure.tsx";

/**
 * A story's article with its top (section, headline, standfirst and hero figure), the rest of
 * the story in `children`. The app's story draws it (Story.tsx); so does the boot script before
 * the app runs, from a template the build renders with it (storyTemplate.tsx).
 */
export function StoryArticle({
  story,
  headlineRef,
  children,
}: {
  story: Story;
  headlineRef?: Ref<HTMLHeadingElement>;
  children?: ReactNode;
}) {
  return (
    <article
      className="story"
      aria-labelledby="story-headline"
      lang={story.language}
      dir={story.language ? textDirection(story.language) : undefined}
    >
      <header className="story-header">
        {story.section && <p className="section-label">{story.section}</p>}
        <h1 id="story-headline" ref={headlineRef} tabIndex={-1}>
          {story.headline}
        </h1>
        {story.standfirst && <p className="standfirst">{story.standfirst}</p>}
      </header>
      {story.image && <StoryFigure image={story.image} priority />}
      {children}
    </article>
  );
}
