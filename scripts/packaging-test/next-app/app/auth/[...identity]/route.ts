import { handlers } from '../../../lib/identity';

export const { GET, POST } = handlers;
