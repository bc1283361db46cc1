'use client';
// The mistake the build must refuse: the package imported into a client component.
import { nextIdentityWeb } from '@identity-web/next';

export function Widget() {
  return <p>{typeof nextIdentityWeb}</p>;
}
