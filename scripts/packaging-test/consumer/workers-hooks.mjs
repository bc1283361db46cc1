// Module resolution hook registered by workers-runtime.mjs.
const STAND_IN = new URL('./workers-stand-in.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'cloudflare:workers') return { url: STAND_IN, shortCircuit: true };
  return nextResolve(specifier, context);
}
