import type { Headline } from "../api/index.ts";
import { Picture } from "../ui/Picture.tsx";
import { StoryLink } from "./StoryLink.tsx";
import { Time } from "../ui/Time.tsx";

/** Headlines of the stories related to the one being read. */
export function RelatedList({ headlines, locale }: { headlines: Headline[]; locale?: string | undefined }) {
  return (
    <aside className="related" aria-labelledby="related-heading">
      <h2 id="related-heading">Related</h2>
      <ul>
        {headlines.map((headline) => (
          <li key={headline.slug} className="related-item">
            {headline.image && <Picture image={headline.image} sizes="8rem" className="thumbnail" decorative />}
            <div>
              <StoryLink slug={headline.slug} className="related-link">
                {headline.headline}
              </StoryLink>
              <p className="meta">
                {headline.section && <span>{headline.section} · </span>}
                <Time iso={headline.datePublished} locale={locale} />
              </p>
            </div>
          </li>
        ))}
      </ul>
    </aside>
  );
}
