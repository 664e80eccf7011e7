/** /embed/index?model=h100-sxm-80gb[&range=30d][&at=…]: the GPU index of one model with AWS and Vast.ai beside it, live or pinned, from the body of /api/v1/index for the same view. Drawn on the server: ../render-embed.ts. */
import type { NextRequest } from 'next/server';
import { embedResponse } from '../render-embed';

// Reads the database on every request; never frozen at build time.
export const dynamic = 'force-dynamic';

export function GET(request: NextRequest): Promise<Response> {
  return embedResponse('index', request);
}
