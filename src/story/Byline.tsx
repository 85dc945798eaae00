import type { Story } from "../api/index.ts";
import { Time } from "../ui/Time.tsx";
import { readingMinutes } from "./readingTime.ts";

/** Who wrote it, where it came from, and when. */
export function Byline({ story }: { story: Story }) {
  const { byline, source, datePublished, dateModified, language } = story;
  return (
    <div className="byline">
      {(byline || source) && (
        <p className="byline-names">
          {byline && <span className="author">By {byline}</span>}
          {byline && source && ", "}
          {source && <span className="source">{source}</span>}
        </p>
      )}
      {/* The reading time comes first: a date's served text (in UTC) changes once the app
          shows it in the reader's time zone, and nothing after it on the line should move. */}
      <p className="byline-dates">
        <span className="reading-time">{readingMinutes(story.body)} min read</span>
        {" · "}
        <Time iso={datePublished} locale={language} />
        {dateModified && dateModified !== datePublished && (
          <>
            {" · "}
            <span className="updated">
              Updated <Time iso={dateModified} locale={language} />
            </span>
          </>
        )}
      </p>
    </div>
  );
}
