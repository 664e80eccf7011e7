/**
 * The origin a visitor used to reach this instance, for absolute URLs that must work from
 * outside: social preview images, example API URLs, the OpenAPI server. Behind a proxy the
 * forwarded headers say it (Next sets them too); anything malformed falls back to the URL the
 * server saw, so a forged header can at most change the links in its own response.
 */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

interface HeaderReader {
  get(name: string): string | null;
}

function first(value: string | null): string | null {
  const head = value?.split(',')[0]?.trim();
  return head ? head : null;
}

export function requestOrigin(headers: HeaderReader, fallback: URL = new URL('http://localhost:3000')): string {
  const host = first(headers.get('x-forwarded-host')) ?? first(headers.get('host'));
  const forwardedProto = first(headers.get('x-forwarded-proto'))?.toLowerCase();
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : fallback.protocol.replace(/:$/, '');
  if (!host || !HOST.test(host)) return fallback.origin;
  return `${proto}://${host.toLowerCase()}`;
}
