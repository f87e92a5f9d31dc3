import { buttonVariants, cn } from '@shipyard/ui/utils';
import { FolderSearchIcon } from 'lucide-react';
import Link from 'next/link';

export default function ProjectNotFound() {
  return (
    <div className="flex flex-1 items-center justify-center p-6">
      <div className="max-w-md text-center">
        <div className="mx-auto mb-4 flex size-10 items-center justify-center rounded-lg border border-border bg-muted text-muted-foreground">
          <FolderSearchIcon className="size-5" aria-hidden />
        </div>
        <h1 className="text-lg font-semibold">This project does not exist</h1>
        <p className="mt-2 text-sm text-muted-foreground">
          It may have been deleted, or it belongs to a team you are not in. Ask its owner to invite you, or pick one of your projects.
        </p>
        <Link href="/projects" className={cn(buttonVariants(), 'mt-6')}>
          Your projects
        </Link>
      </div>
    </div>
  );
}
