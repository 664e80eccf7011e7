import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { connection } from 'next/server';
import './globals.css';
import { Providers } from './providers';
import { ProvenanceProvider } from '@/components/provenance';
import { PublicOriginProvider } from '@/components/public-origin';
import { publicOrigin } from '@/lib/public-origin';
import { withFeedAlternates } from '@/lib/events/discovery';

const SITE_METADATA: Metadata = {
  title: { default: 'Rentable: DePIN GPU supply, claimed against rentable', template: '%s · Rentable' },
  description:
    'How much GPU compute do DePIN networks really have, and what does it cost? Claimed, free and rentable GPUs over time, and the price of a GPU-hour against AWS.',
  openGraph: { siteName: 'Rentable', type: 'website' },
  twitter: { card: 'summary_large_image' },
};

/** Social preview images need absolute URLs: they are resolved against our configured origin. */
export function generateMetadata(): Metadata {
  // Every page advertises the global event feed; pages with their own alternates merge it in.
  return { ...SITE_METADATA, metadataBase: new URL(publicOrigin()), alternates: withFeedAlternates(publicOrigin()) };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, none at build time: each carries the script nonce of
  // its own response (proxy.ts), and the public origin is the running server's configuration.
  await connection();
  const demo = process.env.RENTABLE_DEMO === 'true' || process.env.RENTABLE_DEMO === '1';
  return (
    <html lang="en">
      <body>
        {demo ? (
          <div className="demo-banner" role="status">
            Demo data: replayed recordings, not live figures.
          </div>
        ) : null}
        <div className="shell">
          <header className="site">
            <Link href="/" className="brand">
              Rentable
            </Link>
            <span className="tagline">If it can&apos;t be rented, it doesn&apos;t exist.</span>
            <nav aria-label="Main" style={{ marginLeft: 'auto', display: 'flex', flexWrap: 'wrap', gap: '4px 16px' }}>
              <Link href="/">Overview</Link>
              <Link href="/compare">Compare</Link>
              <Link href="/index">Index</Link>
              <Link href="/flags">Flags</Link>
              <Link href="/methodology">Methodology</Link>
              <Link href="/status">Status</Link>
              <Link href="/docs/api">API</Link>
            </nav>
          </header>
          <main>
            <Providers>
              <PublicOriginProvider origin={publicOrigin()}>
                <ProvenanceProvider>{children}</ProvenanceProvider>
              </PublicOriginProvider>
            </Providers>
          </main>
          <footer className="site">
            Every figure links back to the raw snapshot it came from. Times are UTC.
          </footer>
        </div>
      </body>
    </html>
  );
}
