// `node --import ./workers-runtime.mjs`: makes `cloudflare:workers`, a module that only workerd
// provides, resolve on Node to a minimal Durable Object base class. It lets the packaging test
// load @identity-web/cloudflare's real files (its own import graph, its dependencies) on Node;
// the package's behaviour inside workerd is tested by its own suite under miniflare.
import { register } from 'node:module';

register('./workers-hooks.mjs', import.meta.url);
