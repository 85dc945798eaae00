import { Suspense } from "react";
import type { Story as StoryData } from "../api/index.ts";
import { RelatedList } from "./RelatedList.tsx";
import { SignupCallout } from "../signup/index.ts";
import { useHeadlineFocus } from "../ui/useHeadlineFocus.ts";
import { Body } from "./Body.tsx";
import { Byline } from "./Byline.tsx";
import { ShareStory } from "./ShareStory.tsx";
import { StoryArticle } from "./StoryArticle.tsx";

/**
 * A whole story, rendered at once. The parts below the first screen sit in their own Suspense
 * boundaries, so hydration can take them in separate slices, and first the one a reader touches.
 */
export function Story({ story }: { story: StoryData }) {
  const headlineRef = useHeadlineFocus<HTMLHeadingElement>(story.headline);
  return (
    <>
      <StoryArticle story={story} headlineRef={headlineRef}>
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
      </StoryArticle>
      {story.related.length > 0 && (
        <Suspense>
          <RelatedList headlines={story.related} locale={story.language} />
        </Suspense>
      )}
    </>
  );
}
