// @identity-web/core/shared-signals: for authors of Shared Signals transmitters
// (`sharedSignalsTransmitter()` of `@identity-web/oidc` is one): the core's receiver of Security
// Event Tokens, the one value a transmitter carries into an instance.
//
// An entry of its own, as `api` is: the receiver wires the Shared Signals use cases, routes and
// poll timer into an instance, so it sits above every layer the provider entry may reach, and an
// app that does not receive Shared Signals reaches none of its modules, not even one a bundler
// would shake out. The transmitter's port (`SecurityEventTransmitter`) is the provider entry's.

export { securityEventReceiver } from './security-event-receiver.js';
