import { Heading, Hr, Img, Link, Section, Text } from "@react-email/components";
import { EmailFrame } from "./EmailFrame.tsx";
import { styles } from "./theme.ts";

export type EditionStory = {
  headline: string;
  standfirst?: string;
  url: string;
  image?: { src: string; alt: string; width: number; height: number };
};

export type EditionContent = {
  title: string;
  dateLabel: string;
  preview: string;
  lang: string;
  stories: readonly EditionStory[];
  siteUrl: string;
  unsubscribeUrl: string;
  postalAddress: string;
};

/** The daily email: the front page's top stories, the lead with its image. */
export function EditionEmail({
  title,
  dateLabel,
  preview,
  lang,
  stories,
  siteUrl,
  unsubscribeUrl,
  postalAddress,
}: EditionContent) {
  const [lead] = stories;
  return (
    <EmailFrame title={title} preview={preview} lang={lang}>
      <Heading as="h1" style={styles.masthead}>
        Dispatch: Daily Headlines
      </Heading>
      <Text style={styles.small} className="email-muted">
        {dateLabel}
      </Text>
      {lead?.image ? (
        <Link href={lead.url}>
          <Img
            src={lead.image.src}
            alt={lead.image.alt}
            width={568}
            height={Math.round((568 * lead.image.height) / lead.image.width)}
            style={styles.image}
          />
        </Link>
      ) : null}
      {stories.map((story) => (
        <Section key={story.url}>
          <Heading as="h2" style={styles.heading}>
            <Link href={story.url} style={styles.link}>
              {story.headline}
            </Link>
          </Heading>
          {story.standfirst ? (
            <Text style={styles.text} className="email-text">
              {story.standfirst}
            </Text>
          ) : null}
        </Section>
      ))}
      <Hr style={styles.rule} />
      <Text style={styles.small} className="email-muted">
        You get this email because you subscribed to Daily Headlines at{" "}
        <Link href={siteUrl} style={styles.link}>
          {siteUrl}
        </Link>{" "}
        and confirmed your address.{" "}
        <Link href={unsubscribeUrl} style={styles.link}>
          Unsubscribe
        </Link>{" "}
        with one click, at any time.
      </Text>
      {postalAddress ? (
        <Text style={styles.small} className="email-muted">
          {postalAddress}
        </Text>
      ) : null}
    </EmailFrame>
  );
}
