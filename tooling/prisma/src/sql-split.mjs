/**
 * Splits a SQLite script into single statements, so it can be sent as one libSQL batch
 * (`client.migrate`), which is the only way to run it atomically with foreign keys off on
 * every kind of libSQL connection (local file, sqld, Turso).
 *
 * Understands quotes ('', "", ``, []), comments (--, / * * /) and trigger bodies
 * (`CREATE TRIGGER … BEGIN …; …; END`), whose inner semicolons do not end the statement.
 * Statements that hold only comments or whitespace are dropped.
 *
 * @param {string} sql
 * @returns {string[]}
 */
export function splitSqlStatements(sql) {
  /** @type {string[]} */
  const statements = [];
  let start = 0;
  let i = 0;
  /** words seen so far in the current statement (upper-cased, first few only) */
  /** @type {string[]} */
  let leadingWords = [];
  let isTrigger = false;
  let depth = 0;
  let hasContent = false;

  const flush = (/** @type {number} */ end) => {
    const text = sql.slice(start, end).trim();
    if (hasContent && text.length > 0) statements.push(text);
    start = end + 1;
    leadingWords = [];
    isTrigger = false;
    depth = 0;
    hasContent = false;
  };

  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === close) {
          // A doubled quote is an escaped quote inside the literal.
          if (close !== ']' && sql[j + 1] === close) {
            j += 2;
            continue;
          }
          break;
        }
        j += 1;
      }
      hasContent = true;
      i = j + 1;
      continue;
    }
    if (ch === ';') {
      if (depth === 0) flush(i);
      i += 1;
      continue;
    }
    if (/[A-Za-z_]/.test(ch ?? '')) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j] ?? '')) j += 1;
      const word = sql.slice(i, j).toUpperCase();
      hasContent = true;
      if (leadingWords.length < 4) {
        leadingWords.push(word);
        if (
          leadingWords[0] === 'CREATE' &&
          (word === 'TRIGGER' || (leadingWords.length > 1 && leadingWords.includes('TRIGGER')))
        ) {
          isTrigger = true;
        }
      }
      if (isTrigger) {
        if (word === 'BEGIN' || word === 'CASE') depth += 1;
        else if (word === 'END' && depth > 0) depth -= 1;
      }
      i = j;
      continue;
    }
    if (!/\s/.test(ch ?? '')) hasContent = true;
    i += 1;
  }
  flush(sql.length);
  return statements;
}
