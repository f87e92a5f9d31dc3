import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createContext } from '@/server/context';
import { getDomain } from '@/server/domain';
import { getPlatform } from '@/server/platform';

export const dynamic = 'force-dynamic';

async function handle(req: Request): Promise<Response> {
  const platform = getPlatform();
  const { router } = await getDomain();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router,
    createContext: () => createContext({ headers: req.headers, platform }),
  });
}

export { handle as GET, handle as POST };
