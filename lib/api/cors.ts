/**
 * Open data, so scripts on every site may read the API (GET only, no credentials), and see why a
 * request failed. Writes will need a token and will not be opened this way. proxy.ts answers
 * the preflight (OPTIONS) with the same origin rule.
 */
export const OPEN_DATA_HEADERS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'etag, content-disposition' } as const;
