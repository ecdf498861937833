/** In-memory web sessions, keyed by the `session_id` cookie (docs/odoo-protocol.md §0: format and rotation per version). */
import { randomBytes } from 'node:crypto';
import type { OdooVersion } from './orm/model.ts';

export interface Session {
  uid: number;
  login: string;
  db: string;
}

/** 16/17: 40 lowercase hex characters; 18+: 84 URL-safe base64 characters. */
export function newSessionId(version: OdooVersion): string {
  return version >= 18 ? randomBytes(63).toString('base64url') : randomBytes(20).toString('hex');
}

const VALID_ID = { hex: /^[0-9a-f]{40}$/, base64: /^[A-Za-z0-9_-]{84}$/ };

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  constructor(private readonly version: OdooVersion) {}

  /** A cookie value that fails the version's format is ignored, as Odoo does. */
  get(sessionId: string | undefined): Session | undefined {
    if (!sessionId) return undefined;
    const pattern = this.version >= 18 ? VALID_ID.base64 : VALID_ID.hex;
    return pattern.test(sessionId) ? this.sessions.get(sessionId) : undefined;
  }

  /** Login rotates the id: the old one (if any) is dropped and a new one issued. */
  rotate(oldId: string | undefined, session: Session | undefined): string {
    if (oldId) this.sessions.delete(oldId);
    const id = newSessionId(this.version);
    if (session) this.sessions.set(id, session);
    return id;
  }

  get size(): number {
    return this.sessions.size;
  }
}

/** `Set-Cookie` as Odoo sends it: HttpOnly, Path=/, 7 days. */
export const sessionCookie = (id: string) =>
  `session_id=${id}; Expires=${new Date(Date.now() + 604800_000).toUTCString()}; Max-Age=604800; HttpOnly; Path=/`;
