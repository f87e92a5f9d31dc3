/** The `/sql` endpoint of a gateway at `baseUrl` (what deployed apps get as DATABASE_SQL_ENDPOINT). */
export function sqlEndpointOf(baseUrl: string): string {
  return new URL('sql', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}
