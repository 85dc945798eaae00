import type { Story as StoryData } from "../api/index.ts";
import { RelatedList } from "../related/RelatedList.tsx";
import { SignupCallout } from "../signup/index.ts";
import { Body } from "./Body.tsx";
import { Byline } from "./Byline.tsx";
import { ShareStory } from "./ShareStory.tsx";
import { StoryFigure } from "./StoryFigure.tsx";
import { useIsOnScreen } from "../ui/upcomingPage.tsx";
import { useHeadlineFocus } from "../ui/useHeadlineFocus.ts";
import { useFirstScreenFirst } from "./useFirstScreenFirst.ts";
import { textDirection } from "../shared/language.ts";

export function Story({ story }: { story: StoryData }) {
  const headlineRef = useHeadlineFocus<HTMLHeadingElement>(story.headline);
  const complete = useFirstScreenFirst();
  // A story prepared out of sight leaves the page's ids to the one on screen.
  const headlineId = useIsOnScreen() ? "story-headline" : undefined;
  return (
    <>
      <article
        className="story"
        aria-labelledby={headlineId}
        lang={story.language}
        dir={story.language ? textDirection(story.language) : undefined}
      >
        <header className="story-header">
          {story.section && <p className="section-label">{story.section}</p>}
          <h1 id={headlineId} ref={headlineRef} tabIndex={-1}>
            {story.headline}
          </h1>
          {story.standfirst && <p className="standfirst">{story.standfirst}</p>}
        </header>
        {story.image && <StoryFigure image={story.image} priority />}
        <Byline story={story} />
        <ShareStory headline={story.headline} />
        {complete && (
          <>
            <Body blocks={story.body} dateline={story.dateline} />
            <SignupCallout />
            {(story.copyright || story.distribution) && (
              <footer className="story-rights">
                {story.copyright && <p>{story.copyright}</p>}
                {story.distribution && <p>{story.distribution}</p>}
              </footer>
            )}
          </>
        )}
      </article>
      {complete && story.related.length > 0 && <RelatedList headlines={story.related} locale={story.language} />}
    </>
  );
}
