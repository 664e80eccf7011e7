import { openApiQuerySchema, noParams } from '@/lib/api/params';
import { openApiDocument } from '@/lib/api/openapi';
import { apiRoute, json } from '@/lib/api/route';
import { requestOrigin } from '@/lib/request-origin';

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document, with this instance as its server. */
export const GET = apiRoute(async (request) => {
  noParams(new URL(request.url), openApiQuerySchema);
  return json(request, openApiDocument(requestOrigin(request.headers, new URL(request.url))));
});

// The server URL is the one the request came to.
export const dynamic = 'force-dynamic';
