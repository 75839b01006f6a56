import { child } from '../model/pointer.js';
import { locationMoves, opRef, type CheckContext } from './context.js';
import type { Rule } from './rule.js';

/** Request header parameters and response headers. */
export const rules: Rule[] = [
  {
    id: 'request-header-removed',
    level: 'warning',
    direction: 'request',
    family: 'headers',
    description: 'A request header parameter was removed from an operation.',
    message: 'request header {name} was removed',
    why: 'Clients still send it; the server now ignores it, which can change behaviour silently.',
  },
  {
    id: 'request-header-added',
    level: 'info',
    direction: 'request',
    family: 'headers',
    description: 'An optional request header parameter was added.',
    message: 'optional request header {name} was added',
    why: '',
  },
  {
    id: 'new-required-request-header',
    level: 'breaking',
    direction: 'request',
    family: 'headers',
    description: 'A required request header parameter was added.',
    message: 'required request header {name} was added',
    why: 'Existing clients do not send it, so their requests are rejected.',
  },
  {
    id: 'request-header-became-required',
    level: 'breaking',
    direction: 'request',
    family: 'headers',
    description: 'An optional request header became required.',
    message: 'request header {name} became required',
    why: 'Clients that leave it out, as they were allowed to, are now rejected.',
  },
  {
    id: 'request-header-became-optional',
    level: 'info',
    direction: 'request',
    family: 'headers',
    description: 'A required request header became optional.',
    message: 'request header {name} became optional',
    why: '',
  },
  {
    id: 'response-required-header-removed',
    level: 'breaking',
    direction: 'response',
    family: 'headers',
    description: 'A required response header was removed.',
    message: 'required response header {name} of status {status} was removed',
    why: 'Clients read the header they were promised (a location, a rate limit, a cursor) and now get nothing.',
  },
  {
    id: 'response-header-removed',
    level: 'warning',
    direction: 'response',
    family: 'headers',
    description: 'An optional response header was removed.',
    message: 'response header {name} of status {status} was removed',
    why: 'Clients that use the header when present lose that information.',
  },
  {
    id: 'response-header-added',
    level: 'info',
    direction: 'response',
    family: 'headers',
    description: 'An optional response header was added.',
    message: 'response header {name} of status {status} was added',
    why: '',
  },
  {
    id: 'response-required-header-added',
    level: 'info',
    direction: 'response',
    family: 'headers',
    description: 'A required response header was added.',
    message: 'required response header {name} of status {status} was added',
    why: '',
  },
  {
    id: 'response-header-became-optional',
    level: 'breaking',
    direction: 'response',
    family: 'headers',
    description: 'A required response header became optional.',
    message: 'response header {name} of status {status} became optional',
    why: 'Clients that read the header unconditionally now fail when it is missing.',
  },
  {
    id: 'response-header-became-required',
    level: 'info',
    direction: 'response',
    family: 'headers',
    description: 'An optional response header became required.',
    message: 'response header {name} of status {status} became required',
    why: '',
  },
];

/** Reports request header parameters and response headers appearing, disappearing or changing requirement. */
export function checkHeaders(ctx: CheckContext): void {
  const { emit } = ctx;
  for (const d of ctx.diff.operations.modified) {
    const op = opRef(d.revision);
    const moved = new Set(locationMoves(d).flatMap((m) => [m.base, m.revision]));
    for (const p of d.parameters.deleted) {
      if (p.in !== 'header' || moved.has(p)) continue;
      emit({ id: 'request-header-removed', operation: op, pointer: p.pointer, side: 'base', args: { name: p.name }, target: { in: 'header', name: p.name } });
    }
    for (const p of d.parameters.added) {
      if (p.in !== 'header' || moved.has(p)) continue;
      emit({
        id: p.required ? 'new-required-request-header' : 'request-header-added',
        operation: op,
        pointer: p.pointer,
        side: 'revision',
        args: { name: p.name },
        target: { in: 'header', name: p.name },
      });
    }
    for (const p of d.parameters.modified) {
      if (p.revision.in !== 'header' || !p.required) continue;
      emit({
        id: p.required.to ? 'request-header-became-required' : 'request-header-became-optional',
        operation: op,
        pointer: child(p.revision.pointer, 'required'),
        side: 'revision',
        args: { name: p.revision.name },
        target: { in: 'header', name: p.revision.name },
      });
    }
    for (const r of d.responses.modified) {
      const status = r.status;
      for (const h of r.headers.deleted) {
        emit({
          id: h.required ? 'response-required-header-removed' : 'response-header-removed',
          operation: op,
          pointer: h.pointer,
          side: 'base',
          args: { name: h.name, status },
          target: { in: 'header', name: h.name, status },
        });
      }
      for (const h of r.headers.added) {
        emit({
          id: h.required ? 'response-required-header-added' : 'response-header-added',
          operation: op,
          pointer: h.pointer,
          side: 'revision',
          args: { name: h.name, status },
          target: { in: 'header', name: h.name, status },
        });
      }
      for (const h of r.headers.modified) {
        const target = { in: 'header' as const, name: h.revision.name, status };
        if (h.required) {
          emit({
            id: h.required.to ? 'response-header-became-required' : 'response-header-became-optional',
            operation: op,
            pointer: child(h.revision.pointer, 'required'),
            side: 'revision',
            args: { name: h.revision.name, status },
            target,
          });
        }
        ctx.schema(h.schema, { direction: 'response', operation: op, target });
      }
    }
  }
}
