import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { APP_NAME } from '../lib/identity';

export const metadata: Metadata = { title: { template: `%s · ${APP_NAME}`, default: APP_NAME } };

const STYLE = `body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#222}
nav a{margin-right:1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
code{background:#f3f3f3;padding:0 .2rem}form{display:inline}button{font-size:1rem}`;

// Plain links, not <Link>: sign-in leaves the app for the provider, a full navigation each time.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <style>{STYLE}</style>
      </head>
      <body>
        <nav>
          <strong>{APP_NAME}</strong> <a href="/">Home</a>
          <a href="/call-api">Call the API</a>
          <a href="/dashboard">Dashboard</a>
          <a href="/sessions">Your sessions</a>
          <a href="/cache">Token cache</a>
          <a href="/metrics">Metrics</a>
        </nav>
        {children}
      </body>
    </html>
  );
}
