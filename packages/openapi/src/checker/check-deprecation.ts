import { child } from '../model/pointer.js';
import { isoDay, opRef, type CheckContext } from './context.js';
import type { Rule } from './rule.js';

/** Deprecation, sunset dates and stability levels of operations, parameters and headers. */
export const rules: Rule[] = [
  {
    id: 'operation-deprecated',
    level: 'info',
    direction: 'none',
    family: 'deprecation',
    description: 'An operation was marked deprecated.',
    message: 'operation {operation} was deprecated',
    why: '',
  },
  {
    id: 'operation-undeprecated',
    level: 'info',
    direction: 'none',
    family: 'deprecation',
    description: 'An operation is no longer marked deprecated.',
    message: 'operation {operation} is no longer deprecated',
    why: '',
  },
  {
    id: 'operation-sunset-added',
    level: 'info',
    direction: 'none',
    family: 'deprecation',
    description: 'An operation was given an x-sunset date.',
    message: 'sunset date {to} was set',
    why: '',
  },
  {
    id: 'operation-sunset-removed',
    level: 'info',
    direction: 'none',
    family: 'deprecation',
    description: 'The x-sunset date of an operation was removed.',
    message: 'sunset date {from} was removed',
    why: '',
  },
  {
    id: 'operation-sunset-changed',
    level: 'info',
    direction: 'none',
    family: 'deprecation',
    description: 'The x-sunset date of an operation moved later.',
    message: 'sunset date moved from {from} to {to}',
    why: '',
  },
  {
    id: 'operation-sunset-earlier',
    level: 'warning',
    direction: 'none',
    family: 'deprecation',
    description: 'The x-sunset date of an operation moved earlier.',
    message: 'sunset date moved earlier, from {from} to {to}',
    why: 'Clients planned their migration against the announced date and now have less time than promised.',
  },
  {
    id: 'operation-stability-decreased',
    level: 'warning',
    direction: 'none',
    family: 'deprecation',
    description: 'The x-stability-level of an operation went down (for example from stable to beta).',
    message: 'stability level decreased from {from} to {to}',
    why: 'Clients relying on a stable operation lose the promise that it will not change without notice.',
  },
  {
    id: 'operation-stability-increased',
    level: 'info',
    direction: 'none',
    family: 'deprecation',
    description: 'The x-stability-level of an operation went up, or was set.',
    message: 'stability level changed from {from} to {to}',
    why: '',
  },
  {
    id: 'request-parameter-deprecated',
    level: 'info',
    direction: 'request',
    family: 'deprecation',
    description: 'A request parameter was marked deprecated.',
    message: '{in} parameter {name} was deprecated',
    why: '',
  },
  {
    id: 'request-parameter-undeprecated',
    level: 'info',
    direction: 'request',
    family: 'deprecation',
    description: 'A request parameter is no longer marked deprecated.',
    message: '{in} parameter {name} is no longer deprecated',
    why: '',
  },
  {
    id: 'response-header-deprecated',
    level: 'info',
    direction: 'response',
    family: 'deprecation',
    description: 'A response header was marked deprecated.',
    message: 'response header {name} of status {status} was deprecated',
    why: '',
  },
  {
    id: 'response-header-undeprecated',
    level: 'info',
    direction: 'response',
    family: 'deprecation',
    description: 'A response header is no longer marked deprecated.',
    message: 'response header {name} of status {status} is no longer deprecated',
    why: '',
  },
];

/** Stability levels from least to most stable; unknown values are not ranked. */
const STABILITY = ['draft', 'alpha', 'beta', 'stable'];

/** Reports deprecation flags, sunset moves and stability changes. */
export function checkDeprecation(ctx: CheckContext): void {
  const { diff, emit } = ctx;
  for (const d of diff.operations.modified) {
    const op = opRef(d.revision);
    const operation = `${d.revision.method} ${d.revision.path}`;
    if (d.deprecated) {
      emit({
        id: d.deprecated.to ? 'operation-deprecated' : 'operation-undeprecated',
        operation: op,
        pointer: child(d.revision.pointer, 'deprecated'),
        side: 'revision',
        args: { operation },
        target: { in: 'operation' },
      });
    }
    if (d.sunset) {
      const { from, to } = d.sunset;
      const pointer = child(d.revision.pointer, 'x-sunset');
      if (from === undefined && to !== undefined) {
        emit({ id: 'operation-sunset-added', operation: op, pointer, side: 'revision', args: { to }, target: { in: 'operation' } });
      } else if (from !== undefined && to === undefined) {
        emit({ id: 'operation-sunset-removed', operation: op, pointer: child(d.base.pointer, 'x-sunset'), side: 'base', args: { from }, target: { in: 'operation' } });
      } else if (from !== undefined && to !== undefined) {
        const earlier = (isoDay(to) ?? to) < (isoDay(from) ?? from);
        emit({ id: earlier ? 'operation-sunset-earlier' : 'operation-sunset-changed', operation: op, pointer, side: 'revision', args: { from, to }, target: { in: 'operation' } });
      }
    }
    if (d.stability) {
      // An absent level reads as stable: that is what clients assume of an unlabelled operation.
      const from = d.stability.from ?? 'stable';
      const to = d.stability.to ?? 'stable';
      const rankFrom = STABILITY.indexOf(from);
      const rankTo = STABILITY.indexOf(to);
      if (from !== to) {
        const decreased = rankFrom !== -1 && rankTo !== -1 && rankTo < rankFrom;
        emit({
          id: decreased ? 'operation-stability-decreased' : 'operation-stability-increased',
          operation: op,
          pointer: child(d.stability.to === undefined ? d.base.pointer : d.revision.pointer, 'x-stability-level'),
          side: d.stability.to === undefined ? 'base' : 'revision',
          args: { from, to },
          target: { in: 'operation' },
        });
      }
    }
    for (const p of d.parameters.modified) {
      if (!p.deprecated) continue;
      emit({
        id: p.deprecated.to ? 'request-parameter-deprecated' : 'request-parameter-undeprecated',
        operation: op,
        pointer: p.revision.pointer,
        side: 'revision',
        args: { in: p.revision.in, name: p.revision.name },
        target: { in: p.revision.in, name: p.revision.name },
      });
    }
    for (const r of d.responses.modified) {
      for (const h of r.headers.modified) {
        if (!h.deprecated) continue;
        emit({
          id: h.deprecated.to ? 'response-header-deprecated' : 'response-header-undeprecated',
          operation: op,
          pointer: h.revision.pointer,
          side: 'revision',
          args: { name: h.revision.name, status: r.status },
          target: { in: 'header', name: h.revision.name, status: r.status },
        });
      }
    }
  }
}
