import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createContext } from '@/server/context';
import { getPlatform } from '@/server/platform';

export const dynamic = 'force-dynamic';

function handle(req: Request): Promise<Response> {
  const platform = getPlatform();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: platform.router,
    createContext: () => createContext({ headers: req.headers, platform }),
  });
}

export { handle as GET, handle as POST };
