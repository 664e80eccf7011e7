/** Errors the API maps to status codes; anything else is a 500 and a bug. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}
