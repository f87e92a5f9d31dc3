import { AuthCardSkeleton } from '@/components/auth-card';

export default function Loading() {
  return <AuthCardSkeleton fields={3} />;
}
