// The bare page behind the proxy alone: what `identityProxy({ protect })` adds to a render.
import { headers } from 'next/headers';

export default async function GuardedBarePage() {
  await headers(); // dynamic, as the signed-in pages are
  return <p>ok</p>;
}
