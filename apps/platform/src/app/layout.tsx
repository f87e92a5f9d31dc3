import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { Providers } from './providers';

export const metadata: Metadata = {
  title: { default: 'Shipyard', template: '%s · Shipyard' },
  description: 'Describe an app, watch it run, ship it.',
};

export const viewport: Viewport = { themeColor: '#fbfbfc' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
