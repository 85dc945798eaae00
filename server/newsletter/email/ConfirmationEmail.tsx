import { Heading, Link, Section, Text } from "@react-email/components";
import { EmailFrame } from "./EmailFrame.tsx";
import { styles } from "./theme.ts";

export type ConfirmationContent = {
  siteUrl: string;
  confirmUrl: string;
  validHours: number;
  /** What a subscriber gets, and when, as the signup form said it. */
  offer: string;
};

/** Asks the address to confirm; nothing else, no advertising. */
export function ConfirmationEmail({ siteUrl, confirmUrl, validHours, offer }: ConfirmationContent) {
  return (
    <EmailFrame
      title="Confirm your Daily Headlines subscription"
      preview="One click to start your daily email."
      lang="en"
    >
      <Heading as="h1" style={styles.masthead}>
        Dispatch
      </Heading>
      <Heading as="h2" style={styles.heading} className="email-text">
        Please confirm your subscription
      </Heading>
      <Text style={styles.text} className="email-text">
        Someone, hopefully you, asked for Daily Headlines from Dispatch at {siteUrl}. {offer}
      </Text>
      <Section style={{ margin: "16px 0 24px" }}>
        <Link href={confirmUrl} style={styles.button} className="email-button">
          Confirm my subscription
        </Link>
      </Section>
      <Text style={styles.small} className="email-muted">
        This link works for {validHours} hours. If you did not ask for this, ignore this email: nothing will be sent
        unless the link is used.
      </Text>
    </EmailFrame>
  );
}
