// What both versions of the app are configured with: the same provider, client, origin, secret and API.

export interface AppConfig {
  /** The OpenID provider's issuer URL. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The app's public origin. */
  readonly baseUrl: string;
  /** 32+ random characters: encrypts or signs the session cookie. */
  readonly secret: string;
  /** The web API the app calls with the user's access token: `GET <apiUrl>` answers JSON. */
  readonly apiUrl: string;
  /** The API's scope, asked for at sign-in. */
  readonly apiScope: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
