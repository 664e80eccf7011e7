'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';

/** Loading and error states for one query; the server prefetch means loading is never seen on first render. */
export function Loaded<T>({
  query,
  what,
  minHeight,
  children,
}: {
  query: UseQueryResult<T>;
  what: string;
  /** Reserve the chart's height while loading, so nothing below it jumps. */
  minHeight?: number;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) {
    return (
      <p className="empty failed" role="alert">
        Could not load {what}: {query.error.message}
      </p>
    );
  }
  return (
    <p className="empty" aria-busy="true" style={minHeight ? { minHeight } : undefined}>
      Loading {what}…
    </p>
  );
}
