'use client';

import { RouteError, type TRouteErrorProps } from '@/components/route-error';

export default function ErrorPage(props: TRouteErrorProps) {
  return <RouteError {...props} />;
}
