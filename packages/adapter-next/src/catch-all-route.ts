// The catch-all route's `{ GET, POST }`, and the warning for a route module that takes only one.

type Method = 'GET' | 'POST';

/** What each method of the catch-all route answers, and what goes wrong without it. */
const NEEDED_FOR: Record<Method, string> = {
  GET: 'sign-in, the query callback, front-channel logout and the signed-out page',
  POST: "sign-out, the form_post callback, back-channel logout, Shared Signals pushes and a session's sign-out",
};

/**
 * The catch-all route's `{ GET, POST }`, each noting that the app's route module took it. Next.js
 * answers a method the module does not export with a bare 405 that reaches no code of ours, so
 * the first request of either method says so when the other was never taken: a route module
 * that exports only `GET` is named, with its fix, before any sign-out fails.
 */
export function catchAllRoute(
  answer: (request: Request) => Promise<Response>,
  warn: (event: string, message: string) => void,
): { readonly GET: typeof answer; readonly POST: typeof answer } {
  const taken: Record<Method, boolean> = { GET: false, POST: false };
  // Taken in this very turn: a route module that reads `handlers.GET` inside its own GET (a
  // wrapper) takes each method only when called, so the other one not taken yet says nothing.
  const justTaken: Record<Method, boolean> = { GET: false, POST: false };
  const take = (method: Method) => {
    taken[method] = true;
    if (justTaken[method]) return;
    justTaken[method] = true;
    queueMicrotask(() => {
      justTaken[method] = false;
    });
  };
  const method = (own: Method, other: Method) => {
    let first = true;
    return (request: Request) => {
      const answered = answer(request);
      if (first) {
        first = false;
        if (!taken[other] && !justTaken[own]) {
          try {
            warn(
              `next_route_without_${other.toLowerCase()}`,
              `the catch-all route took ${own} from handlers but not ${other}: if app/auth/[...identity]/route.ts does not export ${other}, Next.js answers 405 to ${NEEDED_FOR[other]}. Export both: export const { GET, POST } = handlers;`,
            );
          } catch {
            // No instance to log through (its options were refused): the request answers that error.
          }
        }
      }
      return answered;
    };
  };
  const get = method('GET', 'POST');
  const post = method('POST', 'GET');
  return Object.freeze({
    get GET() {
      take('GET');
      return get;
    },
    get POST() {
      take('POST');
      return post;
    },
  });
}
