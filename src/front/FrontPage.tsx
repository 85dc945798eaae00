import { useQuery } from "@tanstack/react-query";
import { Suspense } from "react";
import { frontPageQuery, type Headline } from "../api/index.ts";
import { QueryErrorView } from "../ui/QueryErrorView.tsx";
import { Picture } from "../ui/Picture.tsx";
import { StoryLink } from "../story/StoryLink.tsx";
import { Time } from "../ui/Time.tsx";
import { useHeadlineFocus } from "../ui/useHeadlineFocus.ts";
import { textDirection } from "../../contract/language.ts";
import { FrontSkeleton } from "./FrontSkeleton.tsx";

function newestFirst(headlines: Headline[]): Headline[] {
  return [...headlines].sort((a, b) => Date.parse(b.datePublished) - Date.parse(a.datePublished));
}

/** A headline's words, the same for the lead and the list: its link, standfirst, section and time. */
function HeadlineText({ headline, locale }: { headline: Headline; locale: string | undefined }) {
  return (
    <>
      <h2>
        <StoryLink slug={headline.slug}>{headline.headline}</StoryLink>
      </h2>
      {headline.standfirst && <p className="standfirst">{headline.standfirst}</p>}
      <p className="meta">
        {headline.section && <span className="section-label">{headline.section}</span>}
        <Time iso={headline.datePublished} locale={locale} />
      </p>
    </>
  );
}

/** `/`: the latest headlines, the newest as the lead. */
export function FrontPage() {
  const query = useQuery(frontPageQuery());
  const headingRef = useHeadlineFocus<HTMLHeadingElement>("Dispatch");

  if (query.error && !query.data) return <QueryErrorView what="the headlines" error={query.error} query={query} />;
  if (!query.data) return <FrontSkeleton />;

  const [lead, ...rest] = newestFirst(query.data.headlines);
  const { language } = query.data;
  return (
    <section
      className="front"
      aria-labelledby="front-heading"
      lang={language}
      dir={language ? textDirection(language) : undefined}
    >
      <h1 id="front-heading" className="visually-hidden" ref={headingRef} tabIndex={-1}>
        Latest headlines
      </h1>
      {lead && (
        <article className="lead">
          {lead.image && <Picture image={lead.image} sizes="(min-width: 48rem) 45rem, 100vw" priority />}
          <HeadlineText headline={lead} locale={language} />
        </article>
      )}
      {/* Its own Suspense boundary, so hydration takes the list in a slice after the lead. */}
      <Suspense>
        <ol className="headline-list">
          {rest.map((headline) => (
            <li key={headline.slug}>
              <article className="headline-item">
                {headline.image && <Picture image={headline.image} sizes="8rem" className="thumbnail" decorative />}
                <div>
                  <HeadlineText headline={headline} locale={language} />
                </div>
              </article>
            </li>
          ))}
        </ol>
      </Suspense>
    </section>
  );
}
