// The bare page behind a proxy that only goes on: what Next.js's proxy costs a render itself.
import { headers } from 'next/headers';

export default async function ProxiedBarePage() {
  await headers(); // dynamic, as the signed-in pages are
  return <p>ok</p>;
}
