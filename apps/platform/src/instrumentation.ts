/** Next.js calls register() once per server process, before the first request. */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next.js per bundle, not configuration: the Edge bundle skips the boot.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { bootPlatform } = await import('./server/boot');
  await bootPlatform();
}
