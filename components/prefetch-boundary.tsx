'use client';

/**
 * HydrationBoundary for a page's prefetched state (lib/api/prefetch.ts): its series arrive
 * packed in the flight data, once, and are unpacked here into the objects the API sends, so
 * every chart, table and no-JavaScript fallback below is drawn from that one copy.
 */
import { HydrationBoundary } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { unpackedState, type PackedState } from '@/lib/api/prefetch';

export function PrefetchBoundary({ state, children }: { state: PackedState; children: ReactNode }) {
  const unpacked = useMemo(() => unpackedState(state), [state]);
  return <HydrationBoundary state={unpacked}>{children}</HydrationBoundary>;
}
