/** Initials from a display name or an email address: "Ada Lovelace" → "AL", "ada@x.dev" → "A". */
export function initialsOf(name: string): string {
  const base = name.includes('@') && !name.includes(' ') ? name.split('@')[0] ?? name : name;
  const parts = base.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts.slice(0, 1);
  return letters.map((p) => (p ? p[0]!.toUpperCase() : '')).join('') || '?';
}
