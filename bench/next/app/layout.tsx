import type { ReactNode } from 'react';

// Route handlers only; Next.js asks for a root layout all the same (its not-found page).
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
