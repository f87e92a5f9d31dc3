/** A lexical token of SQLite SQL. `text` is the exact source text, so tokens join back losslessly. */
export interface TSqlToken {
  type: 'word' | 'string' | 'identifier' | 'blob' | 'number' | 'punct' | 'space' | 'comment' | 'parameter';
  text: string;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;
const TWO_CHAR_PUNCT = new Set(['||', '<=', '>=', '<>', '!=', '==', '<<', '>>', '->']);

/**
 * Tokenizes SQL the way SQLite reads it: '…' strings with '' escapes, "…", `…` and […] quoted
 * identifiers, X'…' blobs, -- and block comments. Unterminated strings or comments run to the end
 * of the input (the database will report them), so tokenizing never throws.
 */
export function tokenizeSql(sql: string): TSqlToken[] {
  const tokens: TSqlToken[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      while (i < n && /\s/.test(sql[i] as string)) i++;
      tokens.push({ type: 'space', text: sql.slice(start, i) });
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end;
      tokens.push({ type: 'comment', text: sql.slice(start, i) });
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      tokens.push({ type: 'comment', text: sql.slice(start, i) });
    } else if ((c === 'x' || c === 'X') && next === "'") {
      i = closeQuote(sql, i + 1, "'");
      tokens.push({ type: 'blob', text: sql.slice(start, i) });
    } else if (c === "'") {
      i = closeQuote(sql, i, "'");
      tokens.push({ type: 'string', text: sql.slice(start, i) });
    } else if (c === '"' || c === '`') {
      i = closeQuote(sql, i, c);
      tokens.push({ type: 'identifier', text: sql.slice(start, i) });
    } else if (c === '[') {
      const end = sql.indexOf(']', i + 1);
      i = end === -1 ? n : end + 1;
      tokens.push({ type: 'identifier', text: sql.slice(start, i) });
    } else if (DIGIT.test(c) || (c === '.' && next !== undefined && DIGIT.test(next))) {
      if (c === '0' && (next === 'x' || next === 'X')) {
        i += 2;
        while (i < n && /[0-9a-fA-F]/.test(sql[i] as string)) i++;
      } else {
        while (i < n && /[0-9._]/.test(sql[i] as string)) i++;
        if (i < n && /[eE]/.test(sql[i] as string)) {
          i++;
          if (/[+-]/.test(sql[i] ?? '')) i++;
          while (i < n && DIGIT.test(sql[i] as string)) i++;
        }
      }
      tokens.push({ type: 'number', text: sql.slice(start, i) });
    } else if (WORD_START.test(c)) {
      while (i < n && WORD_PART.test(sql[i] as string)) i++;
      tokens.push({ type: 'word', text: sql.slice(start, i) });
    } else if (c === '?' || c === ':' || c === '@' || c === '$') {
      i++;
      while (i < n && WORD_PART.test(sql[i] as string)) i++;
      tokens.push({ type: i - start > 1 || c === '?' ? 'parameter' : 'punct', text: sql.slice(start, i) });
    } else {
      const two = sql.slice(i, i + 2);
      i += TWO_CHAR_PUNCT.has(two) ? 2 : 1;
      tokens.push({ type: 'punct', text: sql.slice(start, i) });
    }
  }
  return tokens;
}

function closeQuote(sql: string, openAt: number, quote: string): number {
  let i = openAt + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

/** True for tokens that carry meaning (not whitespace or comments). */
export function isSignificant(token: TSqlToken): boolean {
  return token.type !== 'space' && token.type !== 'comment';
}

/** Upper-cased keyword text of a word token, or null. */
export function keyword(token: TSqlToken | undefined): string | null {
  return token !== undefined && token.type === 'word' ? token.text.toUpperCase() : null;
}

/** The unquoted name of an identifier or word token: `"a""b"` → `a"b`, `[x]` → `x`. */
export function identifierName(token: TSqlToken): string {
  const t = token.text;
  if (token.type === 'identifier' || token.type === 'string') {
    if (t.startsWith('[')) return t.slice(1, -1);
    const q = t[0] as string;
    return t.slice(1, t.endsWith(q) && t.length > 1 ? -1 : undefined).split(q + q).join(q);
  }
  return t;
}
