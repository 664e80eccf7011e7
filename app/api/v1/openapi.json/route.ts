import { openApiQuerySchema, noParams } from '@/lib/api/params';
import { openApiDocument } from '@/lib/api/openapi';
import { cachedApiRoute, json } from '@/lib/api/route';
import { publicOrigin } from '@/lib/public-origin';

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document, with this instance as its server. */
export const GET = cachedApiRoute(async (request) => {
  noParams(new URL(request.url), openApiQuerySchema);
  return json(request, openApiDocument(publicOrigin()));
});

// The server URL is the configured public origin, read when the server runs (not at build).
export const dynamic = 'force-dynamic';
