import { Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState } from '@shipyard/ui';
import { CheckIcon, FolderKanbanIcon, UserPlusIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { isAdmin, roleLabel } from '@/lib/roles';
import { requireTeam } from '@/server/viewer';

export const metadata: Metadata = { title: 'Overview' };

function Step({ done, children }: { done: boolean; children: React.ReactNode }) {
  return (
    <li className="flex items-start gap-2.5 text-sm">
      <span
        aria-hidden
        className={
          done
            ? 'mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-full bg-success text-white'
            : 'mt-0.5 size-4 shrink-0 rounded-full border border-border-strong'
        }
      >
        {done ? <CheckIcon className="size-3" strokeWidth={3} /> : null}
      </span>
      <span className={done ? 'text-muted-foreground line-through decoration-border-strong' : ''}>
        {children}
        <span className="sr-only">{done ? ' (done)' : ' (to do)'}</span>
      </span>
    </li>
  );
}

export default async function DashboardPage() {
  const { user, activeOrg } = await requireTeam('/dashboard');
  const firstName = user.name.split(' ')[0] || user.name;
  const admin = isAdmin(activeOrg.role);
  return (
    <>
      <PageHeader
        title={activeOrg.name}
        description={`Welcome back, ${firstName}. This is your team's home in Shipyard.`}
        actions={
          admin ? (
            <Button variant="secondary" asChild>
              <Link href="/settings/members">
                <UserPlusIcon />
                Invite people
              </Link>
            </Button>
          ) : undefined
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="flex flex-col lg:col-span-2">
          <CardHeader>
            <CardTitle>Projects</CardTitle>
            <CardDescription>Apps your team builds and deploys.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-1 flex-col">
            <EmptyState
              icon={<FolderKanbanIcon />}
              title="Projects arrive with the builder"
              description="The AI app builder is not part of this version of Shipyard yet. Once it ships, the apps your team describes, previews and deploys will be listed here."
              className="flex-1 py-14"
            />
          </CardContent>
        </Card>
        <div className="grid content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Team</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2.5 text-sm">
                <dt className="text-muted-foreground">Members</dt>
                <dd className="text-right font-medium tabular-nums">{activeOrg.memberCount}</dd>
                <dt className="text-muted-foreground">Your role</dt>
                <dd className="text-right">
                  <Badge variant={activeOrg.role === 'owner' ? 'accent' : 'neutral'}>{roleLabel(activeOrg.role)}</Badge>
                </dd>
                <dt className="text-muted-foreground">Address</dt>
                <dd className="truncate text-right font-mono text-[13px]">{activeOrg.slug}</dd>
              </dl>
              <Button variant="secondary" size="sm" className="mt-5 w-full" asChild>
                <Link href="/settings/members">{admin ? 'Manage members' : 'See members'}</Link>
              </Button>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Getting started</CardTitle>
            </CardHeader>
            <CardContent>
              <ol className="grid gap-3">
                <Step done>Create your account</Step>
                <Step done>Join or create a team</Step>
                <Step done={activeOrg.memberCount > 1}>Invite a teammate</Step>
                <Step done={false}>
                  Build your first app <span className="text-muted-foreground">— with the builder</span>
                </Step>
              </ol>
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
