import { Suspense } from "react";
import type { Story as StoryData } from "../api/index.ts";
import { RelatedList } from "./RelatedList.tsx";
import { SignupCallout } from "../signup/index.ts";
import { useHeadlineFocus } from "../ui/useHeadlineFocus.ts";
import { Body } from "./Body.tsx";
import { Byline } from "./Byline.tsx";
import { ShareStory } from "./ShareStory.tsx";
import { StoryFigure } from "./StoryFigure.tsx";
import { textDirection } from "../../contract/language.ts";

/**
 * A whole story, rendered at once. The parts below the first screen sit in their own Suspense
 * boundaries, so hydration can take them in separate slices, and first the one a reader touches.
 */
export function Story({ story }: { story: StoryData }) {
  const headlineRef = useHeadlineFocus<HTMLHeadingElement>(story.headline);
  return (
    <>
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
        <Byline story={story} />
        <ShareStory headline={story.headline} />
        <Suspense>
          <Body blocks={story.body} dateline={story.dateline} />
          <SignupCallout />
          {(story.copyright || story.distribution) && (
            <footer className="story-rights">
              {story.copyright && <p>{story.copyright}</p>}
              {story.distribution && <p>{story.distribution}</p>}
            </footer>
          )}
        </Suspense>
      </article>
      {story.related.length > 0 && (
        <Suspense>
          <RelatedList headlines={story.related} locale={story.language} />
        </Suspense>
      )}
    </>
  );
}
