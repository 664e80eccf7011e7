/** Writes the networks and sources declared in code to the database, so runs can reference them. */
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { networks, sources } from '@/db/schema';
import { NETWORKS } from '../networks';
import type { ScrapeTarget } from './target';

export async function syncRegistry(db: Database, targets: readonly ScrapeTarget[]): Promise<void> {
  await db
    .insert(networks)
    .values(NETWORKS.map((n) => ({ slug: n.slug, name: n.name, kind: n.kind, website: n.website })))
    .onConflictDoUpdate({
      target: networks.slug,
      set: { name: sql`excluded.name`, kind: sql`excluded.kind`, website: sql`excluded.website` },
    });
  if (targets.length === 0) return;
  await db
    .insert(sources)
    .values(
      targets.map((t) => ({
        id: t.id,
        networkSlug: t.network,
        name: t.name,
        endpoint: t.defaultBaseUrl.replace(/\/+$/, '') + t.request.path,
        evidenceGrade: t.evidenceGrade,
        adapterVersion: t.version,
        description: t.description,
      })),
    )
    .onConflictDoUpdate({
      target: sources.id,
      set: {
        networkSlug: sql`excluded.network_slug`,
        name: sql`excluded.name`,
        endpoint: sql`excluded.endpoint`,
        evidenceGrade: sql`excluded.evidence_grade`,
        adapterVersion: sql`excluded.adapter_version`,
        description: sql`excluded.description`,
      },
    });
}
