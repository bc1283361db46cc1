// The baseline page: a server component rendered for each request, no identity-web.
import { headers } from 'next/headers';

export default async function BarePage() {
  await headers(); // dynamic, as the signed-in pages are
  return <p>ok</p>;
}
