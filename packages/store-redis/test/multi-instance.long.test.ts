// The long multi-instance test (`pnpm test:long`, once in CI): two instances polling one Shared
// Signals transmitter, one killed while it holds a poll; the survivor acts on every event once the
// lease has lapsed (30 s). The exactly-once part alone runs in multi-instance.test.ts.
import { describePolling } from './support/multi/polling.js';

describePolling(true);
