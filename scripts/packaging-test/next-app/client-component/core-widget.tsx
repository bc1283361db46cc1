'use client';
// The same mistake with the core.
import { createIdentityWeb } from '@identity-web/core';

export function CoreWidget() {
  return <p>{typeof createIdentityWeb}</p>;
}
