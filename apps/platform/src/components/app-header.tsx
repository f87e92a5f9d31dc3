'use client';

import {
  Avatar,
  Badge,
  Button,
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
  useToast,
} from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import { ChevronsUpDownIcon, InboxIcon, LogOutIcon, PlusIcon, SettingsIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import { authClient } from '@/lib/auth-client';
import { roleLabel } from '@/lib/roles';
import { LogoMark } from './logo';
import { useViewer } from './viewer-context';

function TeamMark({ name, className }: { name: string; className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        'inline-flex size-5 shrink-0 items-center justify-center rounded-[5px] bg-gradient-to-br from-accent to-[oklch(0.6_0.18_300)] text-[10px] font-semibold text-white',
        className,
      )}
    >
      {name.trim().charAt(0).toUpperCase() || '?'}
    </span>
  );
}

function OrgSwitcher() {
  const { orgs, activeOrg } = useViewer();
  const router = useRouter();
  const { toast } = useToast();
  const [switching, setSwitching] = useState(false);

  async function switchTo(organizationId: string) {
    if (organizationId === activeOrg.id) return;
    setSwitching(true);
    const { error } = await authClient.organization.setActive({ organizationId });
    setSwitching(false);
    if (error) {
      toast({ variant: 'error', title: 'Could not switch teams', description: error.message });
      return;
    }
    router.push('/dashboard');
    router.refresh();
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="sm" className="gap-2 px-2 font-medium" disabled={switching}>
          <TeamMark name={activeOrg.name} />
          <span className="sr-only">Team: </span>
          <span className="max-w-[12rem] truncate">{activeOrg.name}</span>
          <Badge variant="neutral" className="hidden sm:inline-flex">
            {roleLabel(activeOrg.role)}
          </Badge>
          <ChevronsUpDownIcon className="text-muted-foreground" />
          <span className="sr-only">. Switch team</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent className="w-64">
        <DropdownMenuLabel>Teams</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={activeOrg.id} onValueChange={(value) => void switchTo(value)}>
          {orgs.map((org) => (
            <DropdownMenuRadioItem key={org.id} value={org.id}>
              <TeamMark name={org.name} />
              <span className="truncate">{org.name}</span>
              <span className="ml-auto text-xs text-muted-foreground">{roleLabel(org.role)}</span>
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/onboarding?new=1">
            <PlusIcon />
            Create team
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function UserMenu({ devMailbox }: { devMailbox: boolean }) {
  const { user } = useViewer();
  const router = useRouter();
  const { toast } = useToast();

  async function signOut() {
    const { error } = await authClient.signOut();
    if (error) {
      toast({ variant: 'error', title: 'Could not sign out', description: error.message });
      return;
    }
    router.replace('/sign-in');
    router.refresh();
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <button
          type="button"
          className="rounded-full outline-none focus-visible:ring-[3px] focus-visible:ring-ring"
        >
          <span className="sr-only">Account menu for </span>
          <Avatar name={user.name || user.email} />
        </button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-60">
        <div className="px-2 py-1.5">
          <p className="truncate text-sm font-medium">{user.name}</p>
          <p className="truncate text-xs text-muted-foreground">{user.email}</p>
        </div>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/settings">
            <SettingsIcon />
            Settings
          </Link>
        </DropdownMenuItem>
        {devMailbox ? (
          <DropdownMenuItem asChild>
            <Link href="/dev/mail">
              <InboxIcon />
              Development mailbox
            </Link>
          </DropdownMenuItem>
        ) : null}
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void signOut()}>
          <LogOutIcon />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

const NAV = [
  { href: '/dashboard', label: 'Overview' },
  { href: '/projects', label: 'Projects' },
  { href: '/settings/members', label: 'Members' },
  { href: '/settings/providers', label: 'Providers' },
  { href: '/settings', label: 'Settings' },
];

function isActive(pathname: string, href: string): boolean {
  if (href === '/settings') return pathname === '/settings';
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function AppHeader({ devMailbox }: { devMailbox: boolean }) {
  const pathname = usePathname();
  return (
    <header className="sticky top-0 z-40 border-b border-border bg-surface/90 backdrop-blur supports-[backdrop-filter]:bg-surface/75">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-4 sm:px-6">
        <Link href="/dashboard" aria-label="Shipyard home" className="rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring">
          <LogoMark />
        </Link>
        <span aria-hidden className="mx-1 text-lg font-light text-border-strong">
          /
        </span>
        <OrgSwitcher />
        <div className="ml-auto flex items-center gap-3">
          <UserMenu devMailbox={devMailbox} />
        </div>
      </div>
      <nav aria-label="Team" className="mx-auto flex max-w-6xl gap-1 overflow-x-auto px-2 sm:px-4">
        {NAV.map((item) => {
          const active = isActive(pathname, item.href);
          return (
            <Link
              key={item.href}
              href={item.href}
              aria-current={active ? 'page' : undefined}
              className={cn(
                'relative rounded-md px-3 py-2.5 text-sm whitespace-nowrap transition-colors outline-none focus-visible:ring-[3px] focus-visible:ring-ring',
                active ? 'font-medium text-foreground' : 'text-muted-foreground hover:text-foreground',
              )}
            >
              {item.label}
              {active ? <span aria-hidden className="absolute inset-x-3 -bottom-px h-0.5 rounded-full bg-foreground" /> : null}
            </Link>
          );
        })}
      </nav>
    </header>
  );
}
