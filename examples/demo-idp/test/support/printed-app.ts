// Reads back what `pnpm demo:idp` printed for one client, as its user would: the code under
// "In your app:" run as written (with the caller's `createOidcProvider`, and the package's
// `dpopBinding` and `privateKeyJwt` that FAPI 2.0 mode's code calls), and the base URL it names.
import { dpopBinding, privateKeyJwt } from '@identity-web/oidc';

/** The app's settings from the printed code: its provider, or its providers by name. */
export interface PrintedApp<T> {
  readonly identityProvider?: T;
  readonly identityProviders?: Readonly<Record<string, T>>;
  readonly baseUrl: string;
  readonly basePath?: string;
}

/** The code printed under "In your app:" for `clientId`, unindented, without its import. */
export function printedCode(output: string, clientId: string): string {
  const section = output.split(`\nClient ${clientId}\n`)[1];
  const code = section?.split('\n  In your app:\n')[1]?.split('\n\n').slice(0, 2).join('\n\n');
  if (code === undefined) throw new Error(`no code printed for ${clientId} in:\n${output}`);
  const end = code.indexOf('\n', code.indexOf('// createIdentityWeb('));
  return (end === -1 ? code : code.slice(0, end))
    .split('\n')
    .map((line) => line.replace(/^ {4}/, ''))
    .filter((line) => !line.startsWith('import '))
    .join('\n');
}

/**
 * Runs the printed code: `const identityProvider(s) = …` with `createOidcProvider` given, so the
 * test gets exactly what a user pasting it would.
 */
export function printedApp<T>(
  output: string,
  clientId: string,
  createOidcProvider: (options: never) => T,
): PrintedApp<T> {
  const code = printedCode(output, clientId);
  const variable = /const (identityProviders?) =/.exec(code)?.[1];
  if (variable === undefined) throw new Error(`no provider in the printed code:\n${code}`);
  const run = new Function('createOidcProvider', 'dpopBinding', 'privateKeyJwt', `${code}\nreturn ${variable};`) as (
    create: typeof createOidcProvider,
    binding: typeof dpopBinding,
    keys: typeof privateKeyJwt,
  ) => unknown;
  const value = run(createOidcProvider, dpopBinding, privateKeyJwt);
  const baseUrl = /baseUrl: '([^']+)'/.exec(code)?.[1];
  const basePath = /basePath: '([^']+)'/.exec(code)?.[1];
  if (baseUrl === undefined) throw new Error(`no baseUrl in the printed code:\n${code}`);
  return {
    ...(variable === 'identityProvider'
      ? { identityProvider: value as T }
      : { identityProviders: value as Record<string, T> }),
    baseUrl,
    ...(basePath === undefined ? {} : { basePath }),
  };
}
