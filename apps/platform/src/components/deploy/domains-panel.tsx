'use client';

import {
  Alert,
  Badge,
  Button,
  FormField,
  Input,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@shipyard/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { GlobeIcon, PlusIcon, RefreshCwIcon, Trash2Icon } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { CopyButton } from './copy-button';
import { domainProblem } from './names';

export type TDnsRecord = { type: string; name: string; value: string };
export type TAppDomain = { id: string; name: string; status: string; tlsStatus: string };

/**
 * DNS records are returned once, by `deploy.domains.add`; there is no procedure that lists them
 * again. They are kept here for the rest of the visit.
 */
const recordsByDomain = new Map<string, TDnsRecord[]>();

export function DnsRecords({ records, domain }: { records: TDnsRecord[]; domain: string }) {
  return (
    <div className="grid gap-2">
      <p className="text-[13px] text-muted-foreground">
        Create these records at the DNS provider of{' '}
        <span className="font-medium text-foreground">{domain}</span>, then verify.
      </p>
      <Table className="text-[13px]">
        <TableHeader>
          <TableRow>
            <TableHead className="px-2">Type</TableHead>
            <TableHead className="px-2">Name</TableHead>
            <TableHead className="px-2">Value</TableHead>
            <TableHead className="px-2">
              <span className="sr-only">Copy</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {records.map((r) => (
            <TableRow key={`${r.type}-${r.name}-${r.value}`} data-testid="dns-record">
              <TableCell className="px-2 py-2 font-mono">{r.type}</TableCell>
              <TableCell className="max-w-[12rem] px-2 py-2 font-mono break-all">
                {r.name}
              </TableCell>
              <TableCell className="max-w-[16rem] px-2 py-2 font-mono break-all">
                {r.value}
              </TableCell>
              <TableCell className="px-2 py-2 text-right">
                <CopyButton
                  value={r.value}
                  iconOnly
                  label={`Copy the ${r.type} value for ${r.name}`}
                  variant="ghost"
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function DomainStatus({ status, tlsStatus }: { status: string; tlsStatus: string }) {
  if (status === 'verified') {
    return (
      <span className="flex flex-wrap gap-1">
        <Badge variant="success">Verified</Badge>
        {tlsStatus === 'active' ? <Badge variant="outline">TLS active</Badge> : null}
      </span>
    );
  }
  return <Badge variant="warning">Waiting for DNS</Badge>;
}

export type TDomainsPanelProps = {
  orgId: string;
  appId: string;
  domains: TAppDomain[];
  canEdit: boolean;
  /** Verification needs a domain provider on the server. */
  verifyAvailable: boolean;
  onChanged: () => void;
};

/** Custom domains of an existing app: add (shows the exact DNS records), verify, remove. */
export function DomainsPanel({
  orgId,
  appId,
  domains,
  canEdit,
  verifyAvailable,
  onChanged,
}: TDomainsPanelProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [domain, setDomain] = useState('');
  const [touched, setTouched] = useState(false);
  const [, force] = useState(0);
  const [verifyResult, setVerifyResult] = useState<
    Record<string, { status: string; problems: string[] } | string>
  >({});
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.deploy.apps.queryKey({ orgId }) });
    onChanged();
  };
  const add = useMutation(
    trpc.deploy.domains.add.mutationOptions({
      onSuccess: (result) => {
        recordsByDomain.set(result.id, result.records);
        setDomain('');
        setTouched(false);
        force((n) => n + 1);
        refresh();
      },
    }),
  );
  const verify = useMutation(
    trpc.deploy.domains.verify.mutationOptions({
      onSuccess: (result, input) => {
        setVerifyResult((r) => ({ ...r, [input.domainId]: result }));
        refresh();
      },
      onError: (error, input) =>
        setVerifyResult((r) => ({ ...r, [input.domainId]: errorMessage(error) })),
    }),
  );
  const remove = useMutation(trpc.deploy.domains.remove.mutationOptions({ onSuccess: refresh }));
  const problem = domainProblem(domain);

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (problem) return;
    add.mutate({ orgId, appId, domain: domain.trim().toLowerCase() });
  }

  return (
    <div className="grid gap-3">
      {domains.length ? (
        <ul className="grid gap-2">
          {domains.map((d) => {
            const records = recordsByDomain.get(d.id);
            const result = verifyResult[d.id];
            return (
              <li
                key={d.id}
                className="grid gap-2 rounded-lg border border-border p-3"
                data-testid="custom-domain"
              >
                <div className="flex flex-wrap items-center gap-2">
                  <GlobeIcon aria-hidden className="size-4 text-muted-foreground" />
                  <span className="font-mono text-[13px] font-medium break-all">{d.name}</span>
                  <DomainStatus status={d.status} tlsStatus={d.tlsStatus} />
                  {canEdit ? (
                    <span className="ml-auto flex gap-1.5">
                      {d.status !== 'verified' ? (
                        <Button
                          size="sm"
                          variant="secondary"
                          onClick={() => verify.mutate({ orgId, appId, domainId: d.id })}
                          loading={verify.isPending && verify.variables?.domainId === d.id}
                        >
                          <RefreshCwIcon />
                          Verify<span className="sr-only"> {d.name}</span>
                        </Button>
                      ) : null}
                      <Button
                        size="sm"
                        variant="danger-ghost"
                        onClick={() => remove.mutate({ orgId, appId, domainId: d.id })}
                        loading={remove.isPending && remove.variables?.domainId === d.id}
                        aria-label={`Remove ${d.name}`}
                      >
                        <Trash2Icon />
                        Remove
                      </Button>
                    </span>
                  ) : null}
                </div>
                {records && d.status !== 'verified' ? (
                  <DnsRecords records={records} domain={d.name} />
                ) : null}
                {!records && d.status !== 'verified' ? (
                  <p className="text-[13px] text-muted-foreground">
                    The DNS records were shown when the domain was added. To see them again, remove
                    the domain and add it again.
                  </p>
                ) : null}
                {typeof result === 'string' ? <Alert variant="danger">{result}</Alert> : null}
                {result && typeof result !== 'string' && result.status !== 'verified' ? (
                  <Alert variant="warning" title="Not verified yet">
                    {result.problems.length
                      ? result.problems.join(' ')
                      : 'The records were not found yet. DNS changes can take a few minutes to an hour.'}
                  </Alert>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {!verifyAvailable && domains.some((d) => d.status !== 'verified') ? (
        <Alert variant="warning">
          No domain provider is configured on this server, so domains cannot be verified here yet.
          The records above are still the ones to create.
        </Alert>
      ) : null}
      {canEdit ? (
        <form
          onSubmit={submit}
          className="grid gap-2 sm:grid-cols-[1fr_auto] sm:items-start"
          aria-label="Add a custom domain"
        >
          <FormField
            label="Custom domain"
            error={touched && domain ? problem : add.error ? errorMessage(add.error) : null}
            description="A domain you own, like app.example.com."
          >
            <Input
              value={domain}
              onChange={(e) => setDomain(e.target.value)}
              onBlur={() => setTouched(true)}
              placeholder="app.example.com"
              autoComplete="off"
              spellCheck={false}
              inputMode="url"
            />
          </FormField>
          <Button
            type="submit"
            variant="secondary"
            loading={add.isPending}
            className="sm:mt-[22px]"
          >
            <PlusIcon />
            Add domain
          </Button>
        </form>
      ) : null}
    </div>
  );
}
