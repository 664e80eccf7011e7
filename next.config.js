// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WebAssembly and a data-folder lock; pg has optional native bits.
  // Both must be loaded from node_modules at run time, not bundled. pino (on Next's own list
  // too) writes through sonic-boom; prom-client is loaded once from node_modules rather than
  // copied into each bundle (its registry is shared through globalThis anyway: lib/metrics.ts).
  // The zstd binding loads a native addon (.node) for the platform, which a bundle cannot hold.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino', 'prom-client', '@toondepauw/node-zstd'],
  poweredByHeader: false,
  // proxy.ts sends the trailing-slash redirect itself, with our security headers on it.
  skipTrailingSlashRedirect: true,
  typedRoutes: false,
  // Types are checked once, by `npm run typecheck` (tsc --noEmit over the whole project, tests
  // and scripts included), which `npm test` runs before it builds; the build does not repeat it
  // (33 s of CI's 20-minute budget on two cores).
  typescript: { ignoreBuildErrors: true },
  // /index is the GPU index page, kept in app/gpu-index: a top-level app/index folder fails
  // `next build` (Next 16.4: "The client reference manifest for route "/index" does not
  // exist"), since `/index` is the name Next gives the root page's own files.
  async rewrites() {
    return [{ source: '/index', destination: '/gpu-index' }];
  },
  async headers() {
    // Every response but the build's static files gets its security headers from proxy.ts
    // (lib/http/security-headers.ts), errors included; these files are scripts, styles and fonts.
    return [
      {
        source: '/_next/static/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
