import { lookup } from './text';

/**
 * Colour names people use in prompts, mapped to primary colours that read well on white
 * (each passes WCAG AA for white button text).
 */
export const NAMED_COLORS: Readonly<Record<string, string>> = {
  blue: '#2563eb',
  navy: '#1e3a8a',
  indigo: '#4f46e5',
  violet: '#7c3aed',
  purple: '#9333ea',
  lavender: '#7c3aed',
  pink: '#db2777',
  magenta: '#c026d3',
  rose: '#e11d48',
  red: '#dc2626',
  crimson: '#be123c',
  orange: '#ea580c',
  amber: '#d97706',
  yellow: '#ca8a04',
  gold: '#b45309',
  brown: '#92400e',
  lime: '#4d7c0f',
  green: '#16a34a',
  emerald: '#059669',
  teal: '#0d9488',
  mint: '#0f766e',
  cyan: '#0891b2',
  turquoise: '#0e7490',
  sky: '#0284c7',
  slate: '#475569',
  gray: '#4b5563',
  grey: '#4b5563',
  black: '#111827',
  charcoal: '#1f2937',
};

export const COLOR_WORD_PATTERN = `(?:#[0-9a-f]{6}\\b|#[0-9a-f]{3}\\b|${Object.keys(NAMED_COLORS).join('|')})`;

/** `blue` → `#2563eb`, `#ABC` → `#aabbcc`, anything else → null. */
export function resolveColor(word: string): string | null {
  const value = word.trim().toLowerCase();
  const named = lookup(NAMED_COLORS, value);
  if (named) return named;
  if (/^#[0-9a-f]{6}$/.test(value)) return value;
  if (/^#[0-9a-f]{3}$/.test(value)) {
    return `#${[...value.slice(1)].map((digit) => digit + digit).join('')}`;
  }
  return null;
}

/** The colour's name when it is one of ours, else the hex itself (for prose). */
export function describeColor(hex: string): string {
  const entry = Object.entries(NAMED_COLORS).find(([, value]) => value === hex);
  return entry ? entry[0] : hex;
}
