/**
 * Next.js calls register() once when the server starts. The dashboard and the scheduler share
 * this process, so the embedded database has exactly one owner.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // `next build` must never open the database (see ../shared/STACK.md).
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { bootServerOrExit } = await import('./lib/boot');
  await bootServerOrExit();
}
