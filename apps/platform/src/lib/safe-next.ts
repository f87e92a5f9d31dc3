/** Only same-site paths are followed after sign-in, so a crafted link cannot send users elsewhere. */
export function safeNext(next: string | string[] | null | undefined, fallback = '/dashboard'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/** A query-string value as one string (Next passes arrays when a key repeats). */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
