import type { FastifyInstance } from 'fastify';

/** Router constraint: which kind of client asks for `/` (`hal` or `html`). */
export const CLIENT_CONSTRAINT = 'rollgateClient';
/** Router constraint: whether a `/can-i-deploy` query is in the Pact Broker form. */
export const QUERY_CONSTRAINT = 'rollgateQueryForm';

/** Which index a client asked for, from its Accept header; undefined leaves `/` to Rollgate's index. */
export function clientKind(accept: string | undefined): 'hal' | 'html' | undefined {
  if (!accept) return undefined;
  const lower = accept.toLowerCase();
  if (lower.includes('application/hal+json')) return 'hal';
  if (lower.includes('text/html')) return 'html';
  return undefined;
}

/** Registers the two router constraints once per app. */
export function addConstraints(app: FastifyInstance): void {
  if (!app.hasConstraintStrategy(CLIENT_CONSTRAINT)) {
    app.addConstraintStrategy({
      name: CLIENT_CONSTRAINT,
      mustMatchWhenDerived: false,
      storage: mapStorage,
      deriveConstraint: (req) => clientKind(req.headers.accept),
    });
  }
  if (!app.hasConstraintStrategy(QUERY_CONSTRAINT)) {
    app.addConstraintStrategy({
      name: QUERY_CONSTRAINT,
      mustMatchWhenDerived: false,
      storage: mapStorage,
      deriveConstraint: (req) => (/[?&]pacticipant=/.test(req.url ?? '') ? 'pact' : undefined),
    });
  }
}

function mapStorage<H>() {
  const handlers = new Map<unknown, H>();
  return {
    get: (value: unknown) => handlers.get(value) ?? null,
    set: (value: unknown, handler: H) => void handlers.set(value, handler),
  };
}

