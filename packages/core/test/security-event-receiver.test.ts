import { describe, expect, it } from 'vitest';
import { container } from '../src/config/di.js';
import type { ReceiverWiring } from '../src/create-identity-web.js';
import { silentLogger } from '../src/ports/logger.port.js';
import { securityEventReceiver } from '../src/security-event-receiver.js';

describe('the Shared Signals receiver', () => {
  it('refuses to wire into an instance of another copy of the core, whose classes its use cases would miss', () => {
    const wiring = securityEventReceiver as ReceiverWiring;
    // A container of another copy: nothing of this copy's is registered in it.
    const other = container.createChildContainer();
    expect(() => wiring.wire(other, {} as never, silentLogger, () => () => {})).toThrow(
      expect.objectContaining({
        code: 'invalid_option',
        option: 'sharedSignals.transmitter',
        message: expect.stringContaining('another copy of @identity-web/core'),
      }),
    );
  });
});
