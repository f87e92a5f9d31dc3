import { Badge, Card, EmptyState } from '@shipyard/ui';
import { InboxIcon } from 'lucide-react';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { Logo } from '@/components/logo';
import { getEnv } from '@/env';
import { getPlatform } from '@/server/platform';

export const metadata: Metadata = { title: 'Development mailbox' };
export const dynamic = 'force-dynamic';

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

/** Plain text with its URLs turned into links (the one-time links are what this page is for). */
function linkify(text: string): ReactNode[] {
  return text.split(/(https?:\/\/[^\s<>"']+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part} className="break-all font-medium text-accent underline-offset-2 hover:underline">
        {part}
      </a>
    ) : (
      part
    ),
  );
}

/**
 * Every email the platform "sent" while no SMTP_URL is configured, newest first. Never served in
 * production: these emails hold password-reset and invitation links.
 */
export default async function DevMailPage() {
  if (!getEnv().devMailbox) notFound();
  const emails = await getPlatform().db.outboxEmail.findMany({ orderBy: { createdAt: 'desc' }, take: 50 });
  return (
    <div className="min-h-dvh bg-background">
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex h-14 max-w-4xl items-center gap-3 px-4 sm:px-6">
          <Logo href="/dashboard" />
          <Badge variant="warning">Development</Badge>
        </div>
      </header>
      <main className="mx-auto max-w-4xl px-4 py-10 sm:px-6">
        <h1 className="text-2xl font-semibold tracking-tight">Development mailbox</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          No mail server is configured (SMTP_URL), so emails are kept here instead of being sent. This page does not exist in
          production.
        </p>
        <div className="mt-8 grid gap-4">
          {emails.length === 0 ? (
            <EmptyState icon={<InboxIcon />} title="No emails yet" description="Password-reset and invitation emails appear here as soon as they are sent." />
          ) : (
            emails.map((email) => (
              <Card key={email.id} data-testid="outbox-email" className="overflow-hidden">
                <div className="flex flex-col gap-1 border-b border-border bg-muted/40 px-5 py-3 sm:flex-row sm:items-baseline sm:justify-between">
                  <h2 className="text-[15px] font-semibold">{email.subject}</h2>
                  <time dateTime={email.createdAt.toISOString()} className="shrink-0 text-xs text-muted-foreground">
                    {timeFormat.format(email.createdAt)} UTC
                  </time>
                </div>
                <div className="px-5 py-4">
                  <p className="mb-3 text-[13px] text-muted-foreground">
                    To <span className="font-medium text-foreground">{email.to}</span>
                  </p>
                  <div className="text-sm leading-relaxed whitespace-pre-wrap">{linkify(email.text)}</div>
                </div>
              </Card>
            ))
          )}
        </div>
      </main>
    </div>
  );
}
