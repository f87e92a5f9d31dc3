'use client';

import { RouteError, type TRouteErrorProps } from '@/components/route-error';

export default function ErrorPage(props: TRouteErrorProps) {
  return (
    <div className="flex flex-1 items-center justify-center">
      <RouteError {...props} title="The builder could not be loaded" />
    </div>
  );
}
