/**
 * The one origin every absolute URL we write starts with: OpenAPI servers, the download zip's
 * README and metadata, embed snippets, oEmbed answers, social images and their metadata base.
 * It comes from configuration (`RENTABLE_PUBLIC_URL`), never from a request's Host or
 * X-Forwarded-* headers: a response that a shared cache keeps for everyone must not carry a
 * host one visitor typed. Unset, it is the address the server listens on.
 */
import { env } from './env';

/** The configured public origin, e.g. `https://rentable.example` (no trailing slash). */
export function publicOrigin(): string {
  return env().RENTABLE_PUBLIC_URL;
}

/** The host of the public origin, as printed on social images. */
export function publicHost(): string {
  return new URL(publicOrigin()).host;
}
