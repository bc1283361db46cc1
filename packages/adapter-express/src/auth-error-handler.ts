// The Express error middleware that answers identity-web's errors (challenges, 503) and hands on the rest.
import type { ServerResponse } from 'node:http';
import { errorAnswer, refuseUncalled } from '@identity-web/core/adapter';

import type { ErrorRequestHandler, NextFunction, Request } from 'express';
import { writeResult } from './http-exchange.js';

/**
 * An Express error middleware: an `InteractionRequiredError` thrown by a route (a token that
 * needs the user: consent, MFA, a claims challenge) or "not signed in" becomes the challenge, a
 * redirect to sign-in for a browser and 401 JSON for an API call; identity-web's errors that
 * carry a status get their answer (503 with `Retry-After` when a store is down); every other
 * error goes on, untouched, to the app's own error handler. Mount it after the routes and
 * before that handler: Express hands a route's error only to the error middleware after it.
 *
 * On a route behind `protectApi()`, identity-web's errors are the API's: JSON
 * `{ error, error_description }` with the error's status (a 5xx's without `error_description`,
 * the error itself on `console.error`), `Cache-Control: no-store`, never a challenge or a page.
 *
 * @example
 * ```ts
 * app.use(identityWeb(identity));
 * app.get('/orders', requireAuth(), async (req, res) => {
 *   res.json(await (await req.auth.callApi('orders', '/orders')).json());
 * });
 * app.use(authErrorHandler());
 * app.use((err, req, res, next) => res.status(500).send('Something went wrong')); // the app's own
 * ```
 *
 * @group Route guards
 */
export function authErrorHandler(): ErrorRequestHandler {
  // biome-ignore lint/complexity/noArguments: mounted uncalled, Express passes its request here.
  refuseUncalled('authErrorHandler', arguments, 'authErrorHandler()');
  return function identityWebErrorHandler(error: unknown, request: Request, res: ServerResponse, next: NextFunction) {
    // A route behind protectApi() is an API's: its caller gets JSON, never a sign-in challenge.
    const answer = errorAnswer(request, error, res.headersSent);
    if (answer) writeResult(res, answer);
    else next(error);
  } as ErrorRequestHandler;
}
