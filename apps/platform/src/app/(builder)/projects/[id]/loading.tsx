import { BuilderSkeleton } from '@/components/builder/builder-skeleton';

export default function Loading() {
  return <BuilderSkeleton label="Loading the project" />;
}
