// The request-body checks of the shared scenarios, for an adapter's suite to run again behind
// its framework's body parsers: form_post callbacks and back-channel logout, whatever read the
// body first.
export {
  BACK_CHANNEL,
  FORM,
  formPostSignInThenBackChannelLogout,
} from '../../src/testing/scenarios/request-body.scenarios.js';
