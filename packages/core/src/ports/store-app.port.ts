/**
 * The app a set of stores serves. `createIdentityWeb` hands it to the stores once, at creation,
 * so stores that several apps may share (one Redis behind several apps) keep each app's keys
 * apart: two apps behind one provider see the same `sub`, and the same `sid` in a logout.
 *
 * @group Store ports
 */
export interface StoreApp {
  /** The provider's issuer identifier. */
  readonly issuer: string;
  /** The app's client id at that provider; `''` when the IdP port does not say. */
  readonly clientId: string;
}
