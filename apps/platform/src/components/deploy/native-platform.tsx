'use client';

import { Alert, Badge, Button, FormField, Input } from '@shipyard/ui';
import { HammerIcon } from 'lucide-react';
import { useId, useState } from 'react';
import type { TDeployProviders } from '@/components/dashboard/types';
import { slugify } from './names';

export type TNativeKind = 'ios' | 'android' | 'desktop';

/** What a build for each platform needs from the user, whichever builder the operator registers. */
const NEEDS: Record<TNativeKind, { title: string; credentials: string[]; store: string }> = {
  ios: {
    title: 'iOS',
    credentials: [
      'an Apple Developer Program membership (Team ID)',
      'an App Store Connect API key (issuer ID, key ID, .p8 key)',
      'a distribution certificate and provisioning profile (or automatic signing)',
    ],
    store: 'App Store / TestFlight',
  },
  android: {
    title: 'Android',
    credentials: [
      'a Google Play Console developer account',
      'an upload keystore (with its passwords)',
      'a Google Play service-account JSON key for publishing',
    ],
    store: 'Google Play',
  },
  desktop: {
    title: 'Desktop',
    credentials: [
      'an Apple Developer ID certificate and notarization credentials (macOS)',
      'a code-signing certificate (Windows)',
      'nothing extra for Linux packages',
    ],
    store: 'downloads (.dmg, .exe/.msi, .AppImage/.deb)',
  },
};

const DESKTOP_PLATFORMS = [
  { id: 'macos', label: 'macOS' },
  { id: 'windows', label: 'Windows' },
  { id: 'linux', label: 'Linux' },
] as const;

/**
 * The configuration form of a native build and the honest state of this server: which builder
 * is registered (`deploy.providers`), and what is missing. No build is started from here: the
 * deploy API has no native build procedure yet.
 */
export function NativePlatform({
  kind,
  projectName,
  orgSlug,
  providers,
  webLiveUrl,
}: {
  kind: TNativeKind;
  projectName: string;
  orgSlug: string;
  providers: TDeployProviders;
  webLiveUrl: string | null;
}) {
  const id = useId();
  const needs = NEEDS[kind];
  const builders =
    kind === 'desktop'
      ? providers.desktop
      : providers.mobile.filter((m) => (m.platforms as string[]).includes(kind));
  const [appName, setAppName] = useState(projectName);
  const [bundleId, setBundleId] = useState(
    `com.${slugify(orgSlug).replace(/-/g, '') || 'team'}.${slugify(projectName).replace(/-/g, '') || 'app'}`,
  );
  const [version, setVersion] = useState('1.0.0');
  const [desktop, setDesktop] = useState<string[]>(['macos', 'windows', 'linux']);
  const bundleProblem = /^[a-zA-Z][\w]*(\.[a-zA-Z][\w]*)+$/.test(bundleId)
    ? null
    : 'Use reverse-domain notation, like com.example.app.';
  const versionProblem = /^\d+\.\d+\.\d+$/.test(version) ? null : 'Use three numbers, like 1.0.0.';

  return (
    <div className="grid gap-4" data-testid={`native-${kind}`}>
      {builders.length === 0 ? (
        <Alert
          variant="warning"
          title={`No ${kind === 'desktop' ? 'desktop' : 'mobile'} builder is configured on this server`}
        >
          <p>
            A {needs.title} build needs a builder registered by the operator (a{' '}
            {kind === 'desktop' ? 'DesktopBuilder' : 'MobileBuilder'} in deploy-core) and, from you,{' '}
            {needs.credentials.join('; ')}.
          </p>
          <p className="mt-1">
            Nothing is built or faked here. The web deploy works without any of this.
          </p>
        </Alert>
      ) : (
        <Alert variant="info" title={`Builder: ${builders.map((b) => b.id).join(', ')}`}>
          This server has a {needs.title} builder, but its deploy API does not offer native builds
          yet, so builds cannot be started from here.
        </Alert>
      )}
      <form
        className="grid gap-3 sm:grid-cols-2"
        aria-label={`${needs.title} build settings`}
        onSubmit={(e) => e.preventDefault()}
      >
        <FormField label="App name">
          <Input value={appName} onChange={(e) => setAppName(e.target.value)} />
        </FormField>
        <FormField label={kind === 'android' ? 'Package name' : 'Bundle ID'} error={bundleProblem}>
          <Input
            value={bundleId}
            onChange={(e) => setBundleId(e.target.value)}
            className="font-mono text-[13px]"
            spellCheck={false}
          />
        </FormField>
        <FormField label="Version" error={versionProblem}>
          <Input value={version} onChange={(e) => setVersion(e.target.value)} inputMode="decimal" />
        </FormField>
        <FormField
          label="Wraps"
          description={
            webLiveUrl
              ? 'The native shell loads the live web app.'
              : 'Deploy to the web first: the native shell loads the live web app.'
          }
        >
          <Input
            value={webLiveUrl ?? 'Not deployed to the web yet'}
            readOnly
            className="bg-muted font-mono text-[13px]"
          />
        </FormField>
        {kind === 'desktop' ? (
          <fieldset className="grid gap-1.5 sm:col-span-2">
            <legend className="mb-1 text-sm font-medium">Platforms</legend>
            <div className="flex flex-wrap gap-3">
              {DESKTOP_PLATFORMS.map((p) => (
                <label
                  key={p.id}
                  htmlFor={`${id}-${p.id}`}
                  className="flex items-center gap-2 text-sm"
                >
                  <input
                    id={`${id}-${p.id}`}
                    type="checkbox"
                    className="size-4 accent-[var(--sy-accent)]"
                    checked={desktop.includes(p.id)}
                    onChange={(e) =>
                      setDesktop((d) =>
                        e.target.checked ? [...d, p.id] : d.filter((x) => x !== p.id),
                      )
                    }
                  />
                  {p.label}
                  {providers.desktop.some((b) => (b.platforms as string[]).includes(p.id)) ? (
                    <Badge variant="success">Builder available</Badge>
                  ) : null}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        <div className="grid gap-1 text-[13px] text-muted-foreground sm:col-span-2">
          <p>
            <span className="font-medium text-foreground">Credentials you will need:</span>{' '}
            {needs.credentials.join('; ')}.
          </p>
          <p>
            <span className="font-medium text-foreground">Published to:</span> {needs.store}.
          </p>
        </div>
        <div className="sm:col-span-2">
          <Button type="submit" disabled title="No native build is available on this server.">
            <HammerIcon />
            Build for {needs.title}
          </Button>
        </div>
      </form>
    </div>
  );
}
