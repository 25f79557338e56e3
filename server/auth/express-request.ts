/** Who is asking, set on every request by the access guard (server/access) before any router runs. */
import type { Principal } from './principal.ts';

declare global {
  // Express's own way to extend its Request type.
  namespace Express {
    interface Request {
      principal?: Principal;
    }
  }
}

export {};
