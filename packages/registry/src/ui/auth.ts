import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** Name of the cookie that keeps a signed-in browser's session. */
export const SESSION_COOKIE = 'rollgate_ui';

// The cookie holds a MAC derived from the token, not the token: a leaked cookie opens the UI
// (which only reads) but cannot be replayed as a bearer token against the API.
function sessionValue(token: string): Buffer {
  return createHmac('sha256', token).update('rollgate-ui-session-v1').digest();
}

/** Checks the UI's read access: bearer tokens as the API takes them, or the session cookie. */
export class UiAuth {
  /** Session values of the tokens that grant read access (the read token, and the write token). */
  private readonly sessions: Buffer[];

  constructor(options: { readToken?: string; writeToken?: string }) {
    const accepted = options.readToken ? [options.readToken, ...(options.writeToken ? [options.writeToken] : [])] : [];
    // Candidates are compared as MACs of equal length, so the comparison time says nothing about the token.
    this.sessions = accepted.map(sessionValue);
  }

  /** True when reads are open (no read token configured). */
  get open(): boolean {
    return this.sessions.length === 0;
  }

  /** The cookie value for a token that grants read access, or undefined when it does not. */
  sessionFor(token: string): string | undefined {
    const candidate = sessionValue(token);
    return this.sessions.some((s) => timingSafeEqual(s, candidate)) ? candidate.toString('base64url') : undefined;
  }

  /** Whether the request may read: reads open, a valid session cookie, or a valid bearer token. */
  allows(request: FastifyRequest): boolean {
    if (this.open) return true;
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer !== undefined && this.sessionFor(bearer) !== undefined) return true;
    return this.signedIn(request);
  }

  /** Whether reads need a token and the request carries a valid session cookie (so it may sign out). */
  signedIn(request: FastifyRequest): boolean {
    if (this.open) return false;
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (cookie === undefined) return false;
    const candidate = Buffer.from(cookie, 'base64url');
    return candidate.length === 32 && this.sessions.some((s) => timingSafeEqual(s, candidate));
  }
}

/** Reads one cookie from a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Where to go after signing in: a UI path of this registry only, never another site. */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/ui/') || next.startsWith('//') || /[\\\r\n]/.test(next)) return '/ui/';
  return next;
}
