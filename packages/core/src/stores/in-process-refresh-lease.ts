// The refresh lease of a single process, always granted: the per-account mutex already keeps refreshes apart.
import type { RefreshLease } from '../ports/refresh-lease.port.js';

/**
 * The lease of a single process: always granted, because the core's own per-account mutex
 * already keeps refreshes of one account apart within a process.
 */
export const inProcessRefreshLease: RefreshLease = {
  acquire: async () => 'in-process',
  release: async () => {},
};
