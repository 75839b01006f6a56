import { child, getAtPointer } from '../model/pointer.js';
import type { ApiModel, OperationModel, SecurityRequirementModel } from '../model/types.js';
import { opRef, type CheckContext } from './context.js';
import type { Rule } from './rule.js';

/** Security requirements of operations and the security schemes they name. */
export const rules: Rule[] = [
  {
    id: 'operation-security-added',
    level: 'breaking',
    direction: 'request',
    family: 'security',
    description: 'An operation that needed no authentication now requires it.',
    message: 'authentication became required ({schemes})',
    why: 'Clients calling without credentials now get 401 Unauthorized.',
  },
  {
    id: 'operation-security-removed',
    level: 'info',
    direction: 'request',
    family: 'security',
    description: 'An operation no longer requires authentication.',
    message: 'authentication is no longer required',
    why: '',
  },
  {
    id: 'security-requirement-added',
    level: 'info',
    direction: 'request',
    family: 'security',
    description: 'A new way to authenticate was added as an alternative.',
    message: 'security alternative {schemes} was added',
    why: '',
  },
  {
    id: 'security-requirement-removed',
    level: 'breaking',
    direction: 'request',
    family: 'security',
    description: 'One of the ways to authenticate to an operation was removed.',
    message: 'security alternative {schemes} was removed',
    why: 'Clients authenticating that way now get 401 Unauthorized.',
  },
  {
    id: 'security-scope-added',
    level: 'breaking',
    direction: 'request',
    family: 'security',
    description: 'An operation requires an additional OAuth scope.',
    message: 'scope {scope} of security scheme {scheme} became required',
    why: 'Tokens issued without the new scope are now refused with 403 Forbidden.',
  },
  {
    id: 'security-scope-removed',
    level: 'info',
    direction: 'request',
    family: 'security',
    description: 'An operation no longer requires an OAuth scope.',
    message: 'scope {scope} of security scheme {scheme} is no longer required',
    why: '',
  },
  {
    id: 'security-scheme-added',
    level: 'info',
    direction: 'none',
    family: 'security',
    description: 'A security scheme was defined.',
    message: 'security scheme {scheme} was added',
    why: '',
  },
  {
    id: 'security-scheme-removed',
    level: 'warning',
    direction: 'none',
    family: 'security',
    description: 'A security scheme definition was removed.',
    message: 'security scheme {scheme} was removed',
    why: 'Clients configured for that scheme can no longer authenticate with it.',
  },
  {
    id: 'security-scheme-type-changed',
    level: 'breaking',
    direction: 'request',
    family: 'security',
    description: 'A security scheme changed its type (for example from apiKey to oauth2).',
    message: 'security scheme {scheme} changed type from {from} to {to}',
    why: 'Clients send credentials the old way, which the server no longer accepts.',
  },
  {
    id: 'security-scheme-http-scheme-changed',
    level: 'breaking',
    direction: 'request',
    family: 'security',
    description: 'An HTTP security scheme changed its authorization scheme (for example basic to bearer).',
    message: 'security scheme {scheme} changed HTTP scheme from {from} to {to}',
    why: 'Clients send an Authorization header of the old kind, which the server now rejects.',
  },
  {
    id: 'security-scheme-api-key-name-changed',
    level: 'breaking',
    direction: 'request',
    family: 'security',
    description: 'An API key scheme changed the name of the header, query parameter or cookie carrying the key.',
    message: 'security scheme {scheme} now reads the key from {to} instead of {from}',
    why: 'Clients send the key under the old name, so the server sees no credentials.',
  },
  {
    id: 'security-scheme-api-key-location-changed',
    level: 'breaking',
    direction: 'request',
    family: 'security',
    description: 'An API key scheme moved the key to another location (header, query or cookie).',
    message: 'security scheme {scheme} moved the key from {from} to {to}',
    why: 'Clients send the key where it was, so the server sees no credentials.',
  },
  {
    id: 'security-scheme-bearer-format-changed',
    level: 'info',
    direction: 'request',
    family: 'security',
    description: 'The documented bearer token format of an HTTP scheme changed.',
    message: 'security scheme {scheme} changed bearer format from {from} to {to}',
    why: '',
  },
  {
    id: 'security-openid-connect-url-changed',
    level: 'warning',
    direction: 'request',
    family: 'security',
    description: 'The OpenID Connect discovery URL of a scheme changed.',
    message: 'security scheme {scheme} changed its OpenID Connect URL from {from} to {to}',
    why: 'Clients with the old discovery URL configured obtain tokens from the wrong provider.',
  },
  {
    id: 'security-oauth-flow-removed',
    level: 'breaking',
    direction: 'request',
    family: 'security',
    description: 'An OAuth 2 flow of a security scheme was removed.',
    message: 'OAuth flow {flow} of security scheme {scheme} was removed',
    why: 'Clients obtaining tokens through that flow can no longer authenticate.',
  },
  {
    id: 'security-oauth-flow-added',
    level: 'info',
    direction: 'request',
    family: 'security',
    description: 'An OAuth 2 flow was added to a security scheme.',
    message: 'OAuth flow {flow} of security scheme {scheme} was added',
    why: '',
  },
  {
    id: 'security-oauth-url-changed',
    level: 'warning',
    direction: 'request',
    family: 'security',
    description: 'An authorization, token or refresh URL of an OAuth 2 flow changed.',
    message: '{field} of OAuth flow {flow} of security scheme {scheme} changed from {from} to {to}',
    why: 'Clients with the old URL configured fail to obtain or refresh tokens.',
  },
  {
    id: 'security-oauth-scope-removed',
    level: 'warning',
    direction: 'request',
    family: 'security',
    description: 'A scope was removed from an OAuth 2 flow definition.',
    message: 'scope {scope} was removed from OAuth flow {flow} of security scheme {scheme}',
    why: 'Clients requesting that scope when obtaining a token may be refused by the authorization server.',
  },
  {
    id: 'security-oauth-scope-added',
    level: 'info',
    direction: 'request',
    family: 'security',
    description: 'A scope was added to an OAuth 2 flow definition.',
    message: 'scope {scope} was added to OAuth flow {flow} of security scheme {scheme}',
    why: '',
  },
];

/** True when a client without credentials may call: no requirement, or an empty alternative (`{}`). */
function anonymous(security: SecurityRequirementModel[]): boolean {
  return security.length === 0 || security.some((r) => Object.keys(r).length === 0);
}

/**
 * A requirement as messages name it: its schemes, each with the scopes it asks for, so
 * alternatives that differ only in scopes read apart (`oauth (read) + key`).
 */
function schemesOf(requirement: SecurityRequirementModel): string {
  return Object.keys(requirement)
    .sort()
    .map((scheme) => {
      const scopes = requirement[scheme] ?? [];
      return scopes.length > 0 ? `${scheme} (${[...scopes].sort().join(', ')})` : scheme;
    })
    .join(' + ');
}

/** True when `part` names schemes, all of them in `whole`, with scopes `whole` asks for too. */
function asksPartOf(part: SecurityRequirementModel, whole: SecurityRequirementModel): boolean {
  const schemes = Object.keys(part);
  return schemes.length > 0 && schemes.every((scheme) => whole[scheme] !== undefined && (part[scheme] ?? []).every((scope) => whole[scheme]!.includes(scope)));
}

/** The operation's own `security`, else the root's: where the effective requirement is written. */
function securityPointer(model: ApiModel, op: OperationModel): string {
  const own = child(op.pointer, 'security');
  return getAtPointer(model.spec.document, own) !== undefined ? own : '/security';
}

/** Reports changes of operation security requirements and of the security schemes. */
export function checkSecurity(ctx: CheckContext): void {
  const { diff, emit } = ctx;
  for (const d of diff.operations.modified) {
    if (d.security.isEmpty) continue;
    const op = opRef(d.revision);
    const pointer = securityPointer(diff.revision, d.revision);
    const basePointer = securityPointer(diff.base, d.base);
    const wasAnonymous = anonymous(d.base.security);
    const isAnonymous = anonymous(d.revision.security);
    const target = { in: 'security' as const };
    if (wasAnonymous && !isAnonymous) {
      const schemes = d.revision.security.map(schemesOf).join(' or ');
      emit({ id: 'operation-security-added', operation: op, pointer, side: 'revision', args: { schemes }, target });
    } else if (!wasAnonymous && isAnonymous) {
      emit({ id: 'operation-security-removed', operation: op, pointer, side: 'revision', target });
    }
    const { added, deleted, modified } = d.security.requirements;
    for (const requirement of added) {
      if (wasAnonymous || Object.keys(requirement).length === 0) continue;
      emit({ id: 'security-requirement-added', operation: op, pointer, side: 'revision', args: { schemes: schemesOf(requirement) }, target });
    }
    for (const requirement of deleted) {
      if (isAnonymous || Object.keys(requirement).length === 0) continue;
      // Clients that met this alternative still meet one that asks for part of it: `a AND b`
      // split into `a OR b`, or a scope dropped, locks none of them out.
      if (d.revision.security.some((other) => asksPartOf(other, requirement))) continue;
      emit({
        id: 'security-requirement-removed',
        operation: op,
        pointer: basePointer,
        side: 'base',
        args: { schemes: schemesOf(requirement) },
        target: { in: 'security', name: schemesOf(requirement) },
      });
    }
    for (const m of modified) {
      for (const [scheme, scopes] of Object.entries(m.scopes)) {
        for (const scope of scopes.added) {
          emit({ id: 'security-scope-added', operation: op, pointer, side: 'revision', args: { scheme, scope }, target: { in: 'security', name: scheme } });
        }
        for (const scope of scopes.deleted) {
          emit({ id: 'security-scope-removed', operation: op, pointer, side: 'revision', args: { scheme, scope }, target: { in: 'security', name: scheme } });
        }
      }
    }
  }
  checkSchemes(ctx);
}

function checkSchemes(ctx: CheckContext): void {
  const { diff, emit } = ctx;
  const swaggerBase = diff.base.spec.specVersion === '2.0';
  const swaggerRevision = diff.revision.spec.specVersion === '2.0';
  const at = (swagger: boolean, scheme: string): string =>
    child(swagger ? '/securityDefinitions' : '/components/securitySchemes', scheme);
  for (const scheme of diff.securitySchemes.added) {
    emit({ id: 'security-scheme-added', operation: null, pointer: at(swaggerRevision, scheme), side: 'revision', args: { scheme } });
  }
  for (const scheme of diff.securitySchemes.deleted) {
    emit({ id: 'security-scheme-removed', operation: null, pointer: at(swaggerBase, scheme), side: 'base', args: { scheme } });
  }
  for (const s of diff.securitySchemes.modified) {
    const pointer = at(swaggerRevision, s.name);
    const field = (name: string): { from: string; to: string } | undefined => {
      const f = s.fields[name];
      return f ? { from: String(f.from ?? ''), to: String(f.to ?? '') } : undefined;
    };
    const type = field('type');
    if (type) {
      // A new type changes every other field's meaning; report the type alone.
      emit({ id: 'security-scheme-type-changed', operation: null, pointer, side: 'revision', args: { scheme: s.name, ...type } });
      continue;
    }
    const pairs: [string, string][] = [
      ['scheme', 'security-scheme-http-scheme-changed'],
      ['name', 'security-scheme-api-key-name-changed'],
      ['in', 'security-scheme-api-key-location-changed'],
      ['bearerFormat', 'security-scheme-bearer-format-changed'],
      ['openIdConnectUrl', 'security-openid-connect-url-changed'],
    ];
    for (const [name, id] of pairs) {
      const f = field(name);
      if (f) emit({ id, operation: null, pointer: child(pointer, name), side: 'revision', args: { scheme: s.name, ...f } });
    }
    for (const flow of s.flows.deleted) {
      emit({ id: 'security-oauth-flow-removed', operation: null, pointer: at(swaggerBase, s.name), side: 'base', args: { scheme: s.name, flow } });
    }
    for (const flow of s.flows.added) {
      emit({ id: 'security-oauth-flow-added', operation: null, pointer, side: 'revision', args: { scheme: s.name, flow } });
    }
    for (const f of s.flows.modified) {
      const flowPointer = swaggerRevision ? pointer : child(pointer, 'flows', f.name);
      for (const [name, value] of Object.entries(f.fields)) {
        emit({
          id: 'security-oauth-url-changed',
          operation: null,
          pointer: flowPointer,
          side: 'revision',
          args: { scheme: s.name, flow: f.name, field: name, from: String(value.from ?? ''), to: String(value.to ?? '') },
        });
      }
      for (const scope of f.scopes.deleted) {
        emit({ id: 'security-oauth-scope-removed', operation: null, pointer: flowPointer, side: 'revision', args: { scheme: s.name, flow: f.name, scope } });
      }
      for (const scope of f.scopes.added) {
        emit({ id: 'security-oauth-scope-added', operation: null, pointer: flowPointer, side: 'revision', args: { scheme: s.name, flow: f.name, scope } });
      }
    }
  }
}
