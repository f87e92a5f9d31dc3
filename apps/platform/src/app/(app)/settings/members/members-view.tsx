'use client';

import type { TOrgRole } from '@shipyard/core';
import {
  Alert,
  Avatar,
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
  EmptyState,
  FormField,
  Input,
  Select,
  Skeleton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  useToast,
} from '@shipyard/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { EllipsisIcon, MailIcon, UserMinusIcon } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useViewer } from '@/components/viewer-context';
import { assignableRoles, isAdmin, ROLE_OPTIONS, roleLabel } from '@/lib/roles';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import type { TInvitationRow, TMemberRow } from '@/server/services/org-service';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

function useInvalidateMembers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { activeOrg } = useViewer();
  return () => queryClient.invalidateQueries({ queryKey: trpc.org.members.queryKey({ orgId: activeOrg.id }) });
}

function InviteCard({ devMailbox }: { devMailbox: boolean }) {
  const { activeOrg } = useViewer();
  const trpc = useTRPC();
  const { toast } = useToast();
  const invalidate = useInvalidateMembers();
  const roles = assignableRoles(activeOrg.role);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<TOrgRole>('member');
  const invite = useMutation(
    trpc.org.invite.mutationOptions({
      onSuccess: (invitation) => {
        toast({ variant: 'success', title: 'Invitation sent', description: `${invitation.email} can join as ${roleLabel(invitation.role).toLowerCase()}.` });
        setEmail('');
        void invalidate();
      },
    }),
  );
  const errors = fieldErrors(invite.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    invite.mutate({ orgId: activeOrg.id, email, role });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Invite people</CardTitle>
        <CardDescription>
          They get an email with a link to join {activeOrg.name}. Invitations expire after 7 days.
          {devMailbox ? (
            <>
              {' '}
              No mail server is configured, so emails go to the{' '}
              <Link href="/dev/mail" className="font-medium text-accent hover:underline">
                development mailbox
              </Link>
              .
            </>
          ) : null}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-[1fr_11rem_auto] sm:items-start" aria-label="Invite a member">
          <FormField label="Email address" error={errors.email ?? (invite.error && !errors.role ? errorMessage(invite.error) : undefined)}>
            <Input type="email" name="inviteEmail" required placeholder="teammate@company.com" value={email} onChange={(e) => setEmail(e.target.value)} />
          </FormField>
          <FormField label="Role" error={errors.role}>
            <Select name="inviteRole" value={role} onChange={(e) => setRole(e.target.value as TOrgRole)}>
              {ROLE_OPTIONS.filter((option) => roles.includes(option.value)).map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
          </FormField>
          <Button type="submit" loading={invite.isPending} className="sm:mt-[19px]">
            <MailIcon />
            Send invitation
          </Button>
        </form>
        <p className="mt-3 text-[13px] text-muted-foreground">
          {ROLE_OPTIONS.find((option) => option.value === role)?.description}
        </p>
      </CardContent>
    </Card>
  );
}

function RoleCell({ member }: { member: TMemberRow }) {
  const { activeOrg } = useViewer();
  const trpc = useTRPC();
  const { toast } = useToast();
  const router = useRouter();
  const invalidate = useInvalidateMembers();
  const update = useMutation(
    trpc.org.updateRole.mutationOptions({
      onSuccess: (updated) => {
        toast({ variant: 'success', title: 'Role changed', description: `${updated.name || updated.email} is now ${roleLabel(updated.role).toLowerCase()}.` });
        void invalidate();
        router.refresh();
      },
      onError: (error) => toast({ variant: 'error', title: 'Role not changed', description: errorMessage(error) }),
    }),
  );
  const canChange = isAdmin(activeOrg.role) && (member.role !== 'owner' || activeOrg.role === 'owner');
  if (!canChange) {
    return <Badge variant={member.role === 'owner' ? 'accent' : 'neutral'}>{roleLabel(member.role)}</Badge>;
  }
  const options = ROLE_OPTIONS.filter((o) => assignableRoles(activeOrg.role).includes(o.value) || o.value === member.role);
  return (
    <Select
      aria-label={`Role of ${member.name || member.email}`}
      className="w-32"
      value={member.role}
      disabled={update.isPending}
      onChange={(e) => update.mutate({ orgId: activeOrg.id, memberId: member.id, role: e.target.value as TOrgRole })}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </Select>
  );
}

function RemoveMemberAction({ member }: { member: TMemberRow }) {
  const { activeOrg, user } = useViewer();
  const trpc = useTRPC();
  const { toast } = useToast();
  const router = useRouter();
  const invalidate = useInvalidateMembers();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.org.removeMember.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        toast({ title: `${member.name || member.email} was removed` });
        void invalidate();
        router.refresh();
      },
    }),
  );
  const isSelf = member.userId === user.id;
  if (isSelf || (member.role === 'owner' && activeOrg.role !== 'owner')) return null;
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${member.name || member.email}`}>
            <EllipsisIcon />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem variant="danger" onSelect={() => setOpen(true)}>
            <UserMinusIcon />
            Remove from team
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <Dialog open={open} onOpenChange={(next) => (remove.reset(), setOpen(next))}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Remove {member.name || member.email}?</DialogTitle>
            <DialogDescription>
              They lose access to {activeOrg.name} at once. You can invite them again later.
            </DialogDescription>
          </DialogHeader>
          {remove.error ? <Alert variant="danger">{errorMessage(remove.error)}</Alert> : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate({ orgId: activeOrg.id, memberId: member.id })}>
              Remove member
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}

function MembersTable({ members }: { members: TMemberRow[] }) {
  const { user, activeOrg } = useViewer();
  const admin = isAdmin(activeOrg.role);
  return (
    <Table aria-label="Team members">
      <TableHeader>
        <TableRow>
          <TableHead>Member</TableHead>
          <TableHead>Role</TableHead>
          <TableHead className="hidden md:table-cell">Joined</TableHead>
          {admin ? <TableHead className="w-12"><span className="sr-only">Actions</span></TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.map((member) => (
          <TableRow key={member.id} data-testid="member-row">
            <TableCell>
              <div className="flex items-center gap-3">
                <Avatar name={member.name || member.email} />
                <div className="min-w-0">
                  <p className="flex items-center gap-2 truncate font-medium">
                    {member.name || member.email}
                    {member.userId === user.id ? <Badge variant="outline">You</Badge> : null}
                  </p>
                  <p className="truncate text-[13px] text-muted-foreground">{member.email}</p>
                </div>
              </div>
            </TableCell>
            <TableCell>
              <RoleCell member={member} />
            </TableCell>
            <TableCell className="hidden text-muted-foreground md:table-cell">{dateFormat.format(new Date(member.joinedAt))}</TableCell>
            {admin ? (
              <TableCell className="text-right">
                <RemoveMemberAction member={member} />
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function InvitationsTable({ invitations }: { invitations: TInvitationRow[] }) {
  const { activeOrg } = useViewer();
  const trpc = useTRPC();
  const { toast } = useToast();
  const invalidate = useInvalidateMembers();
  const admin = isAdmin(activeOrg.role);
  const revoke = useMutation(
    trpc.org.revokeInvitation.mutationOptions({
      onSuccess: () => {
        toast({ title: 'Invitation revoked' });
        void invalidate();
      },
      onError: (error) => toast({ variant: 'error', title: 'Invitation not revoked', description: errorMessage(error) }),
    }),
  );
  if (invitations.length === 0) {
    return (
      <EmptyState
        icon={<MailIcon />}
        title="No pending invitations"
        description={admin ? 'Invitations you send appear here until they are accepted.' : 'Nobody is waiting to join.'}
        className="border-0 py-8"
      />
    );
  }
  return (
    <Table aria-label="Pending invitations">
      <TableHeader>
        <TableRow>
          <TableHead>Email</TableHead>
          <TableHead>Role</TableHead>
          <TableHead className="hidden md:table-cell">Invited by</TableHead>
          <TableHead className="hidden sm:table-cell">Expires</TableHead>
          {admin ? <TableHead className="w-24"><span className="sr-only">Actions</span></TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {invitations.map((invitation) => (
          <TableRow key={invitation.id} data-testid="invitation-row">
            <TableCell className="font-medium">{invitation.email}</TableCell>
            <TableCell>
              <Badge variant="neutral">{roleLabel(invitation.role)}</Badge>
            </TableCell>
            <TableCell className="hidden text-muted-foreground md:table-cell">{invitation.inviterName}</TableCell>
            <TableCell className="hidden sm:table-cell">
              {invitation.expired ? (
                <Badge variant="warning">Expired</Badge>
              ) : (
                <span className="text-muted-foreground">{dateFormat.format(new Date(invitation.expiresAt))}</span>
              )}
            </TableCell>
            {admin ? (
              <TableCell className="text-right">
                <Button
                  variant="ghost"
                  size="sm"
                  loading={revoke.isPending && revoke.variables?.invitationId === invitation.id}
                  onClick={() => revoke.mutate({ orgId: activeOrg.id, invitationId: invitation.id })}
                >
                  Revoke
                </Button>
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function MembersView({ devMailbox }: { devMailbox: boolean }) {
  const { activeOrg } = useViewer();
  const trpc = useTRPC();
  const members = useQuery(trpc.org.members.queryOptions({ orgId: activeOrg.id }));
  const admin = isAdmin(activeOrg.role);

  return (
    <div className="grid gap-6">
      {admin ? <InviteCard devMailbox={devMailbox} /> : null}
      <Card>
        <CardHeader>
          <CardTitle>
            Members
            {members.data ? <span className="ml-2 font-normal text-muted-foreground tabular-nums">{members.data.members.length}</span> : null}
          </CardTitle>
          <CardDescription>
            {admin ? 'Change roles or remove people. Only owners can manage other owners.' : 'Everyone in this team.'}
          </CardDescription>
        </CardHeader>
        <CardContent className="px-0 pb-2">
          {members.isPending ? (
            <div className="grid gap-3 px-5 pb-3" aria-busy="true" aria-label="Loading members">
              {[0, 1, 2].map((i) => (
                <Skeleton key={i} className="h-11 w-full" />
              ))}
            </div>
          ) : members.error ? (
            <div className="px-5 pb-3">
              <Alert variant="danger" title="Members could not be loaded">
                {errorMessage(members.error)}{' '}
                <button type="button" className="font-medium underline" onClick={() => void members.refetch()}>
                  Try again
                </button>
              </Alert>
            </div>
          ) : (
            <MembersTable members={members.data.members} />
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Pending invitations</CardTitle>
          <CardDescription>People who were invited and have not joined yet.</CardDescription>
        </CardHeader>
        <CardContent className="px-0 pb-2">
          {members.isPending ? (
            <div className="px-5 pb-3">
              <Skeleton className="h-11 w-full" />
            </div>
          ) : members.data ? (
            <InvitationsTable invitations={members.data.invitations} />
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}
