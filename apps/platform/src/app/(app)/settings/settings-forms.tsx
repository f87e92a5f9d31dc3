'use client';

import {
  Alert,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  FormField,
  Input,
  useToast,
} from '@shipyard/ui';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useViewer } from '@/components/viewer-context';
import { isAdmin } from '@/lib/roles';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';

function ProfileCard() {
  const { user } = useViewer();
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const [name, setName] = useState(user.name);
  const update = useMutation(
    trpc.account.updateProfile.mutationOptions({
      onSuccess: () => {
        toast({ variant: 'success', title: 'Profile saved' });
        router.refresh();
      },
    }),
  );
  const errors = fieldErrors(update.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ name });
  }

  return (
    <Card>
      <form onSubmit={onSubmit}>
        <CardHeader>
          <CardTitle>Profile</CardTitle>
          <CardDescription>How you appear to your teammates.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:max-w-md">
          {update.error && !errors.name ? <Alert variant="danger">{errorMessage(update.error)}</Alert> : null}
          <FormField label="Name" error={errors.name}>
            <Input name="name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
          </FormField>
          <FormField label="Email" description="Your sign-in address. It cannot be changed here yet.">
            <Input type="email" value={user.email} readOnly disabled />
          </FormField>
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={update.isPending} disabled={name.trim() === user.name}>
            Save profile
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function TeamCard() {
  const { activeOrg } = useViewer();
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const [name, setName] = useState(activeOrg.name);
  const [slug, setSlug] = useState(activeOrg.slug);
  const canEdit = isAdmin(activeOrg.role);
  const update = useMutation(
    trpc.org.update.mutationOptions({
      onSuccess: () => {
        toast({ variant: 'success', title: 'Team settings saved' });
        router.refresh();
      },
    }),
  );
  const errors = fieldErrors(update.error);
  const unchanged = name.trim() === activeOrg.name && slug.trim() === activeOrg.slug;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ orgId: activeOrg.id, name, slug });
  }

  return (
    <Card>
      <form onSubmit={onSubmit}>
        <CardHeader>
          <CardTitle>Team</CardTitle>
          <CardDescription>
            {canEdit ? 'The name and address of this team.' : 'Only admins and owners can change these.'}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:max-w-md">
          {update.error && !errors.name && !errors.slug ? <Alert variant="danger">{errorMessage(update.error)}</Alert> : null}
          <FormField label="Team name" error={errors.name}>
            <Input name="teamName" required disabled={!canEdit} value={name} onChange={(e) => setName(e.target.value)} />
          </FormField>
          <FormField label="Address" error={errors.slug} description="Lowercase letters, digits and dashes. Used in links.">
            <Input name="slug" required disabled={!canEdit} value={slug} onChange={(e) => setSlug(e.target.value.toLowerCase())} className="font-mono" />
          </FormField>
        </CardContent>
        {canEdit ? (
          <CardFooter>
            <Button type="submit" loading={update.isPending} disabled={unchanged}>
              Save team
            </Button>
          </CardFooter>
        ) : null}
      </form>
    </Card>
  );
}

function LeaveTeamCard() {
  const { activeOrg } = useViewer();
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const [open, setOpen] = useState(false);
  const leave = useMutation(
    trpc.org.leave.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        toast({ title: `You left ${activeOrg.name}` });
        router.push('/dashboard');
        router.refresh();
      },
    }),
  );

  return (
    <Card className="border-danger/25">
      <CardHeader>
        <CardTitle>Leave team</CardTitle>
        <CardDescription>
          You lose access to {activeOrg.name} until someone invites you again. The last owner cannot leave.
        </CardDescription>
      </CardHeader>
      <CardFooter className="border-danger/15 bg-danger-subtle/40">
        <Dialog open={open} onOpenChange={(next) => (leave.reset(), setOpen(next))}>
          <DialogTrigger asChild>
            <Button variant="danger">Leave {activeOrg.name}</Button>
          </DialogTrigger>
          <DialogContent>
            <DialogHeader>
              <DialogTitle>Leave {activeOrg.name}?</DialogTitle>
              <DialogDescription>You will no longer see this team or its projects.</DialogDescription>
            </DialogHeader>
            {leave.error ? <Alert variant="danger">{errorMessage(leave.error)}</Alert> : null}
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button variant="danger" loading={leave.isPending} onClick={() => leave.mutate({ orgId: activeOrg.id })}>
                Leave team
              </Button>
            </DialogFooter>
          </DialogContent>
        </Dialog>
      </CardFooter>
    </Card>
  );
}

export function SettingsForms() {
  return (
    <div className="grid max-w-3xl gap-6">
      <ProfileCard />
      <TeamCard />
      <LeaveTeamCard />
    </div>
  );
}
