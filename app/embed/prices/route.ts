/** /embed/prices?model=h100-sxm-80gb[&network=akash][&price=median|min]: see lib/embed/params.ts. Drawn on the server: ../render-embed.ts. */
import type { NextRequest } from 'next/server';
import { embedResponse } from '../render-embed';

// Reads the database on every request; never frozen at build time.
export const dynamic = 'force-dynamic';

export function GET(request: NextRequest): Promise<Response> {
  return embedResponse('prices', request);
}
