/** `name` as a quoted PostgreSQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `value` as a PostgreSQL string literal (standard_conforming_strings on, the default since 9.1). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Rewrites SQLite-style `?` / `?NNN` placeholders to PostgreSQL's `$n`, leaving quoted strings,
 * quoted identifiers, comments and dollar-quoted bodies untouched. Plain `?` are numbered left to
 * right, continuing after the highest `?NNN` seen so far (SQLite's rule).
 */
export function questionToDollar(sql: string): string {
  let out = '';
  let next = 1;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '$') {
      const tag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(sql.slice(i));
      if (tag && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? ' ')) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        const stop = end === -1 ? n : end + tag[0].length;
        out += sql.slice(i, stop);
        i = stop;
        continue;
      }
    }
    if (c === '?') {
      const num = /^\?(\d+)/.exec(sql.slice(i));
      if (num) {
        const k = Number(num[1]);
        next = Math.max(next, k + 1);
        out += `$${k}`;
        i += num[0].length;
      } else {
        out += `$${next++}`;
        i++;
      }
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * The SQLite DML spellings Shipyard's own statements and generated seeds use, in PostgreSQL form:
 * `INSERT OR IGNORE INTO …` → `INSERT INTO … ON CONFLICT DO NOTHING`. `INSERT OR REPLACE` has no
 * equivalent without knowing the conflict target, so it is refused with a message.
 */
export function sqliteDmlToPostgres(statement: string): string {
  const s = statement.trim().replace(/;\s*$/, '');
  const orIgnore = /^insert\s+or\s+ignore\s+into\b/i.exec(s);
  if (orIgnore) {
    const rest = s.slice(orIgnore[0].length);
    const returning = /\breturning\b[\s\S]*$/i.exec(rest);
    const body = returning ? rest.slice(0, returning.index) : rest;
    return `INSERT INTO${body.trimEnd()} ON CONFLICT DO NOTHING${returning ? ` ${returning[0]}` : ''}`;
  }
  if (/^(?:insert\s+or\s+(?:replace|rollback|abort|fail)\s+into|replace\s+into)\b/i.test(s)) {
    throw new Error(
      'INSERT OR REPLACE / REPLACE INTO is SQLite-only and has no PostgreSQL form without a conflict target; write INSERT … ON CONFLICT (column) DO UPDATE instead.',
    );
  }
  return s;
}

/** The tables that INSERT statements write to, in first-seen order. */
export function tablesInserted(statements: string[]): string[] {
  const tables: string[] = [];
  for (const s of statements) {
    const m = /^\s*insert\s+(?:or\s+\w+\s+)?into\s+(?:"((?:[^"]|"")+)"|`([^`]+)`|\[([^\]]+)\]|([A-Za-z_][\w]*))/i.exec(s);
    const raw = m ? (m[1]?.replace(/""/g, '"') ?? m[2] ?? m[3] ?? m[4]) : undefined;
    // Unquoted names fold to lower case in PostgreSQL.
    const name = m && m[4] !== undefined ? raw?.toLowerCase() : raw;
    if (name && !tables.includes(name)) tables.push(name);
  }
  return tables;
}

/** True when a statement changes rows (its row count is "rows written"). */
export function isDml(command: string | null | undefined): boolean {
  return command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
}
