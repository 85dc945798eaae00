import { Body, Container, Head, Html, Preview } from "@react-email/components";
import type { ReactNode } from "react";
import { DARK_MODE_CSS, styles } from "./theme.ts";

type Props = { title: string; preview: string; lang: string; children: ReactNode };

/** The document every Dispatch email shares: language, colour schemes, preheader. */
export function EmailFrame({ title, preview, lang, children }: Props) {
  return (
    <Html lang={lang} dir="ltr">
      <Head>
        <title>{title}</title>
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <style>{DARK_MODE_CSS}</style>
      </Head>
      <Preview>{preview}</Preview>
      <Body style={styles.body} className="email-body">
        <Container style={styles.container}>{children}</Container>
      </Body>
    </Html>
  );
}
