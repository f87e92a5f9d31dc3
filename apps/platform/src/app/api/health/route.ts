import { checkHealth } from '@/server/health';
import { getPlatform } from '@/server/platform';

export const dynamic = 'force-dynamic';

/** Liveness and dependencies: 200 when the database (and Redis, when configured) answer, else 503. */
export async function GET(): Promise<Response> {
  const { db, redis, queueDriver } = getPlatform();
  const report = await checkHealth({ db, redis, queueDriver });
  return Response.json(report, {
    status: report.status === 'ok' ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
