export { API_BASE, ApiError, apiUrl, mediaUrl, NotFoundError } from "./client.ts";
export { frontPageQuery, storyQuery } from "./queries.ts";
export type { Block, FrontPage, Headline, Image, ImageSource, Story } from "./schema.ts";
export { isValidSlug } from "./schema.ts";
