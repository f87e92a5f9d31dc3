declare module 'sql.js/dist/sql-wasm-browser.js' {
  const initSqlJs: unknown;
  export default initSqlJs;
}
