export { apiUrl, mediaUrl } from "./client.ts";
export { ApiError, NotFoundError } from "./errors.ts";
export { frontPageQuery, loadFetchers, storyQuery } from "./queries.ts";
export type { Block, FrontPage, Headline, Image, ImageSource, Story } from "../../contract/schema.ts";
export { isValidSlug } from "../../contract/slug.ts";
