/** Errors the API maps to status codes; anything else is a 500 and a bug. */
import type { Database } from '@/db/client';
import { modelIsKnown } from '../queries/known-models';

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/**
 * A well-formed model id that names nothing we hold is a 404, as an unknown network is. The
 * message does not repeat the id: it may be anything a visitor typed.
 */
export async function requireKnownModel(db: Database, model: string): Promise<void> {
  if (!(await modelIsKnown(db, model))) throw new NotFoundError('model: no GPU model of that id in our data; /methodology lists the models we have seen');
}
