/**
 * Reads a response body as a stream, up to a cap. A body buffered whole is held several times
 * over (the buffer, its copy, the gzip, the query parameter): a 100 MB answer once took 5 GB
 * in the web process. Past the cap we stop reading, cancel the stream (the connection closes,
 * the server stops sending) and keep the first `maxBytes` bytes, so the failed run still shows
 * what the source began to say.
 */

/**
 * Default cap on one response body: 20 MB. The largest payloads we fetch (the AWS regional
 * on-demand price map, Akash's daily GPU breakdown since 2023, Vast.ai's offer search) are a few
 * MB at most, and the only documented larger one, AWS's bulk EC2 offer file (~480 MB, SOURCES.md
 * §15.1), is not fetched; 20 MB leaves them several times their size to grow while bounding
 * what one answer can cost. An adapter overrides it with `maxResponseBytes`.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export interface BodyRead {
  /** The body, or its first `maxBytes` bytes when it was longer. */
  bytes: Uint8Array;
  /** Bytes taken from the stream, at most one chunk past the cap. */
  bytesRead: number;
  /** Set when the body was longer than the cap: "response over N MB". */
  overCap: string | null;
}

/** "20 MB", "1.5 MB", "512 KB": the cap as the failure reason states it. */
export function formatCap(maxBytes: number): string {
  const mb = maxBytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.ceil(maxBytes / 1024)} KB`;
}

export async function readBody(response: Response, maxBytes: number): Promise<BodyRead> {
  if (!response.body) return { bytes: new Uint8Array(), bytesRead: 0, overCap: null };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytesRead = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytesRead += value.byteLength;
    if (bytesRead > maxBytes) {
      // Not awaited: cancelling settles when the socket closes, which we need not wait for.
      reader.cancel().catch(() => undefined);
      return { bytes: concat(chunks, maxBytes), bytesRead, overCap: `response over ${formatCap(maxBytes)}` };
    }
  }
  return { bytes: concat(chunks, bytesRead), bytesRead, overCap: null };
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    if (offset >= length) break;
    const part = chunk.byteLength <= length - offset ? chunk : chunk.subarray(0, length - offset);
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
