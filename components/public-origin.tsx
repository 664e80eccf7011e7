'use client';

/**
 * The configured public origin (lib/public-origin.ts), handed from the server to the components
 * that write absolute URLs for other sites: embed snippets and the source line of a chart
 * image. They must not write whatever host this browser happened to reach us by.
 */
import { createContext, useContext, type ReactNode } from 'react';

const PublicOriginContext = createContext<string | null>(null);

export function PublicOriginProvider({ origin, children }: { origin: string; children: ReactNode }) {
  return <PublicOriginContext.Provider value={origin}>{children}</PublicOriginContext.Provider>;
}

export function usePublicOrigin(): string {
  const origin = useContext(PublicOriginContext);
  if (origin === null) throw new Error('usePublicOrigin needs a PublicOriginProvider (app/layout.tsx puts one around every page)');
  return origin;
}
