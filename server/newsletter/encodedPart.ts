/**
 * A message part that is the same for every recipient but one value (the unsubscribe link),
 * base64-encoded once per edition instead of once per message.
 *
 * Base64 turns each 3 bytes into 4 characters, so the encoding of a text is the encodings of
 * its pieces put together as long as every piece but the last has a length divisible by 3.
 * Each fixed piece is encoded ahead for the three ways it can start (after 0, 1 or 2 bytes
 * left over from before it); a message then encodes only the value and the few bytes beside it.
 * Encoded lines may be shorter than 76 characters (RFC 2045 §6.8 sets only the maximum), so
 * each piece keeps its own lines.
 */

import { escapeHtml } from "../../contract/html.ts";

/** What nodemailer takes as a whole MIME part, headers and all. */
export type RawPart = { raw: string };

/** A message with its HTML and text parts encoded: only one value left to fill in. */
export type PreparedMessage = (value: string) => { subject: string; html: RawPart; text: RawPart };

const LINE = 76;

type Piece = { head: number; encoded: string; tail: Buffer };

function lines(base64: string): string[] {
  const out: string[] = [];
  for (let start = 0; start < base64.length; start += LINE) out.push(base64.slice(start, start + LINE));
  return out;
}

/** `bytes` encoded from `head` bytes in, as many whole groups of 3 as it holds, and the bytes left after them. */
function piece(bytes: Buffer, head: number): Piece {
  const end = head + Math.floor((bytes.length - head) / 3) * 3;
  return { head, encoded: lines(bytes.subarray(head, end).toString("base64")).join("\r\n"), tail: bytes.subarray(end) };
}

/**
 * Splits `template` at each `placeholder` and prepares its pieces; the function it returns
 * gives the part with `value` in every placeholder's place.
 */
export function encodedPart(contentType: string, template: string, placeholder: string): (value: string) => RawPart {
  const header = `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n`;
  const fixed = template.split(placeholder).map((text) => {
    const bytes = Buffer.from(text, "utf8");
    return { bytes, starts: [0, 1, 2].map((head) => (bytes.length >= head ? piece(bytes, head) : undefined)) };
  });

  return (value) => {
    const inserted = Buffer.from(value, "utf8");
    const out: string[] = [];
    let carry: Buffer = Buffer.alloc(0);
    // Encodes what is carried, as many whole groups of 3 as it holds, keeping the rest.
    const flush = () => {
      const end = Math.floor(carry.length / 3) * 3;
      if (end > 0) out.push(...lines(carry.subarray(0, end).toString("base64")));
      carry = carry.subarray(end);
    };
    fixed.forEach(({ bytes, starts }, index) => {
      if (index > 0) {
        carry = Buffer.concat([carry, inserted]);
        flush();
      }
      const prepared = starts[(3 - carry.length) % 3];
      if (prepared === undefined) {
        carry = Buffer.concat([carry, bytes]);
        return;
      }
      carry = Buffer.concat([carry, bytes.subarray(0, prepared.head)]);
      flush();
      if (prepared.encoded) out.push(prepared.encoded);
      carry = prepared.tail;
    });
    if (carry.length > 0) out.push(carry.toString("base64"));
    return { raw: header + out.join("\r\n") };
  };
}

/** A message whose two parts have `placeholder` where each recipient's value goes (a link). */
export function preparedMessage(
  message: { subject: string; html: string; text: string },
  placeholder: string,
): PreparedMessage {
  const html = encodedPart("text/html", message.html, placeholder);
  const text = encodedPart("text/plain", message.text, placeholder);
  return (value) => ({ subject: message.subject, html: html(escapeHtml(value)), text: text(value) });
}
