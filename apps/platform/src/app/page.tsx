import { Badge, Button } from '@shipyard/ui';
import { RocketIcon, SparklesIcon, UsersIcon } from 'lucide-react';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Logo } from '@/components/logo';
import { getViewer } from '@/server/viewer';

const FEATURES = [
  {
    icon: UsersIcon,
    title: 'Teams and roles',
    text: 'Invite people as owners, admins, members or viewers. Everything is scoped to a team.',
    status: 'Available',
  },
  {
    icon: SparklesIcon,
    title: 'AI builder',
    text: 'Describe an app, see it running in a live preview, and change it by chat or by clicking on it.',
    status: 'Coming next',
  },
  {
    icon: RocketIcon,
    title: 'One-click deploys',
    text: 'Ship to the web with a database and a domain, and build for iOS, Android and desktop.',
    status: 'Coming next',
  },
] as const;

export default async function LandingPage() {
  if (await getViewer()) redirect('/dashboard');
  return (
    <div className="relative min-h-dvh overflow-hidden bg-background">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-x-0 top-0 h-[28rem] bg-[radial-gradient(ellipse_60%_100%_at_50%_0%,var(--sy-accent-subtle),transparent)]"
      />
      <header className="relative mx-auto flex h-16 max-w-6xl items-center justify-between px-4 sm:px-6">
        <Logo />
        <nav className="flex items-center gap-2" aria-label="Account">
          <Button variant="ghost" asChild>
            <Link href="/sign-in">Sign in</Link>
          </Button>
          <Button asChild>
            <Link href="/sign-up">Get started</Link>
          </Button>
        </nav>
      </header>
      <main className="relative mx-auto max-w-6xl px-4 pt-20 pb-24 sm:px-6 sm:pt-28">
        <div className="mx-auto max-w-2xl text-center">
          <Badge variant="accent" className="mb-5">
            Early access
          </Badge>
          <h1 className="text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
            Describe an app. Watch it run. Ship it.
          </h1>
          <p className="mt-5 text-base text-balance text-muted-foreground sm:text-lg">
            Shipyard turns a description into a working, multi-file app, shows it live, and deploys it with your team.
          </p>
          <div className="mt-8 flex flex-col justify-center gap-3 sm:flex-row">
            <Button size="lg" asChild>
              <Link href="/sign-up">Create your account</Link>
            </Button>
            <Button size="lg" variant="secondary" asChild>
              <Link href="/sign-in">Sign in</Link>
            </Button>
          </div>
        </div>
        <ul className="mx-auto mt-20 grid max-w-5xl gap-4 sm:grid-cols-3">
          {FEATURES.map((feature) => (
            <li key={feature.title} className="rounded-lg border border-border bg-surface p-5 shadow-sm">
              <div className="flex items-center justify-between">
                <span className="flex size-8 items-center justify-center rounded-md bg-accent-subtle text-accent-subtle-foreground">
                  <feature.icon className="size-4" aria-hidden />
                </span>
                <Badge variant={feature.status === 'Available' ? 'success' : 'neutral'}>{feature.status}</Badge>
              </div>
              <h2 className="mt-4 text-[15px] font-semibold">{feature.title}</h2>
              <p className="mt-1.5 text-sm text-muted-foreground">{feature.text}</p>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}
