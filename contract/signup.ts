/**
 * The signup request's rules, shared by the form, the server and the email pages: the lists a
 * reader can join (one today) and a pragmatic shape check for the address.
 */
export const DAILY_HEADLINES = "daily-headlines";
export const SIGNUP_LISTS = [DAILY_HEADLINES] as const;
export type SignupList = (typeof SIGNUP_LISTS)[number];

const LOCAL_PART = /^[^\s@\p{C}]{1,64}$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
export const MAX_EMAIL_LENGTH = 254;

/**
 * A pragmatic shape check for an email address, shared by the form and the server;
 * only a confirmation mail could prove the address exists.
 */
export function isEmail(email: string): boolean {
  if (email.length > MAX_EMAIL_LENGTH) return false;
  const [local, domain, ...rest] = email.split("@");
  if (local === undefined || domain === undefined || rest.length > 0) return false;
  const labels = domain.split(".");
  return LOCAL_PART.test(local) && labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label));
}
