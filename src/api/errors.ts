/** The API answered 404: the story does not exist. */
export class NotFoundError extends Error {
  constructor(url: string) {
    super(`Not found: ${url}`);
    this.name = "NotFoundError";
  }
}

/** Anything else that stops us showing the response: network, 5xx, non-JSON, contract breach. */
export class ApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ApiError";
  }
}
