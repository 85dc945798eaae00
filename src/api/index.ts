export { apiUrl, isOnApiOrigin, mediaUrl } from "./client.ts";
export { ApiError, NotFoundError } from "./errors.ts";
export { frontPageQuery, loadFetchers, storyQuery } from "./queries.ts";
export type {
  Block,
  Embed,
  FrontPage,
  Gallery,
  Headline,
  Image,
  ImageSource,
  Media,
  Story,
  Table,
} from "../../contract/schema.ts";
export { isValidSlug } from "../../contract/slug.ts";
