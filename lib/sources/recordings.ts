/**
 * Recorded upstream payloads: the only fakes in Rentable, used at the network boundary by the
 * recorded-payload server and read directly by parse tests. Each network's folder has a
 * manifest naming the real API path each file answers and when it was recorded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const recordingsRoot = path.join(process.cwd(), 'lib', 'sources', 'recordings');

const manifestSchema = z.object({
  network: z.string(),
  recordings: z.array(
    z.object({
      /** Path and query as the real API serves it, e.g. `/v1/gpu-prices`. */
      path: z.string().startsWith('/'),
      method: z.enum(['GET', 'POST']).default('GET'),
      /** The payload served by default. */
      file: z.string(),
      /**
       * Optional dated history: the server answers with the entry whose `from` is the latest at
       * or before its replay clock (falling back to `file` before the first entry). Lets tests
       * and the demo build history through the real fetch → parse → store path.
       */
      sequence: z.array(z.object({ from: z.string().datetime(), file: z.string() })).optional(),
      /** Date the payload (or its shape) was recorded, YYYY-MM-DD. */
      recordedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      status: z.number().int().default(200),
      contentType: z.string().default('application/json'),
    }),
  ),
});

export type RecordingManifest = z.infer<typeof manifestSchema>;
export type Recording = RecordingManifest['recordings'][number];

export function readManifest(network: string): RecordingManifest {
  const file = path.join(recordingsRoot, network, 'manifest.json');
  return manifestSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export function listRecordedNetworks(): string[] {
  return fs
    .readdirSync(recordingsRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(recordingsRoot, d.name, 'manifest.json')))
    .map((d) => d.name)
    .sort();
}

export function readRecording(network: string, file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(recordingsRoot, network, file)));
}
