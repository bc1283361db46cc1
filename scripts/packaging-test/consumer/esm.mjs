// Loads every package the way an ES module app does (`import`), then runs the shared checks.
// Not @identity-web/next: it imports next/headers, next/navigation and next/server by the names
// Next.js's bundlers resolve, which plain Node does not (next-apps.ts builds and runs Next.js apps on it).
import * as core from '@identity-web/core';
import * as coreAdapter from '@identity-web/core/adapter';
import * as coreApi from '@identity-web/core/api';
import * as coreProvider from '@identity-web/core/provider';
import * as coreSharedSignals from '@identity-web/core/shared-signals';
import * as coreStore from '@identity-web/core/store';
import * as express from '@identity-web/express';
import * as fastify from '@identity-web/fastify';
import * as hono from '@identity-web/hono';
import * as koa from '@identity-web/koa';
import * as msal from '@identity-web/msal';
import * as oidc from '@identity-web/oidc';
import * as postgres from '@identity-web/postgres';
import * as redis from '@identity-web/redis';
import Express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import smoke from './smoke.cjs';

// The Durable Object base class exists only inside workerd: the loader hook in
// workers-runtime.mjs stands in for it, so this checks the package's own import graph.
const cloudflare = await import('@identity-web/cloudflare');
await smoke({
  core,
  coreAdapter,
  coreApi,
  coreProvider,
  coreSharedSignals,
  coreStore,
  express,
  fastify,
  hono,
  koa,
  msal,
  oidc,
  redis,
  postgres,
  cloudflare,
  Express,
  Fastify,
  Hono,
  Koa,
});
console.log(`esm: every entry loads with import on Node ${process.versions.node}`);
