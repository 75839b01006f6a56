import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { RegistryError } from '../errors.js';

/** Who may call a route: anyone, holders of a read (or write) token, or holders of the write token. */
export type Access = 'public' | 'read' | 'write';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Overrides the default access of a route (GET and HEAD read, everything else writes). */
    access?: Access;
  }
}

/** Tokens the registry accepts; an unset token leaves that scope open. */
export interface AuthOptions {
  writeToken?: string;
  readToken?: string;
}

// Hashing first gives both sides the same length, which timingSafeEqual requires, so neither the
// content nor the length of the configured token leaks through response timing.
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function matches(candidate: Buffer, expected: Buffer | undefined): boolean {
  return expected !== undefined && timingSafeEqual(candidate, expected);
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The access a request needs: the route's declared one, else read for GET/HEAD and write for the rest. */
export function requiredAccess(request: FastifyRequest): Access {
  const declared = request.routeOptions.config?.access;
  if (declared) return declared;
  return request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write';
}

const auth: FastifyPluginAsync<AuthOptions> = async (app, options) => {
  const write = options.writeToken ? digest(options.writeToken) : undefined;
  const read = options.readToken ? digest(options.readToken) : undefined;
  if (!write) app.log.warn({ scope: 'write' }, 'no write token configured: writes are open');

  app.addHook('onRequest', async (request) => {
    const access = requiredAccess(request);
    if (access === 'public') return;
    // A scope without a configured token is open.
    if (!(access === 'write' ? write : read)) return;
    const token = bearer(request);
    if (token === undefined) {
      throw new RegistryError('UNAUTHORIZED', `this ${access} needs "Authorization: Bearer <token>"`);
    }
    const candidate = digest(token);
    const isWrite = matches(candidate, write);
    const isRead = matches(candidate, read);
    // The write token also grants read.
    if (isWrite || (access === 'read' && isRead)) return;
    if (isRead) throw new RegistryError('FORBIDDEN', 'the read token cannot write; use the write token');
    throw new RegistryError('UNAUTHORIZED', 'the bearer token is not valid for this registry');
  });
};

/** Bearer-token authorisation: a write token for changes and an optional read token for reads. */
export default fp(auth, { name: 'rollgate-auth' });
