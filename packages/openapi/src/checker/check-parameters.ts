import type { OperationDiff, ParameterDiff } from '../diff/types.js';
import { child } from '../model/pointer.js';
import { locationMoves, opRef, type CheckContext } from './context.js';
import type { Rule } from './rule.js';

/** Path, query and cookie parameters (headers have their own family), and serialisation of all parameters. */
export const rules: Rule[] = [
  {
    id: 'request-parameter-removed',
    level: 'warning',
    direction: 'request',
    family: 'parameters',
    description: 'A path, query or cookie parameter was removed from an operation.',
    message: '{in} parameter {name} was removed',
    why: 'Clients still send it; the server now ignores it (changing results silently) or rejects unknown parameters.',
  },
  {
    id: 'request-parameter-added',
    level: 'info',
    direction: 'request',
    family: 'parameters',
    description: 'An optional path, query or cookie parameter was added.',
    message: 'optional {in} parameter {name} was added',
    why: '',
  },
  {
    id: 'new-required-request-parameter',
    level: 'breaking',
    direction: 'request',
    family: 'parameters',
    description: 'A required path, query or cookie parameter was added.',
    message: 'required {in} parameter {name} was added',
    why: 'Existing clients do not send it, so their requests are rejected.',
  },
  {
    id: 'request-parameter-became-required',
    level: 'breaking',
    direction: 'request',
    family: 'parameters',
    description: 'An optional path, query or cookie parameter became required.',
    message: '{in} parameter {name} became required',
    why: 'Clients that leave it out, as they were allowed to, are now rejected.',
  },
  {
    id: 'request-parameter-became-optional',
    level: 'info',
    direction: 'request',
    family: 'parameters',
    description: 'A required path, query or cookie parameter became optional.',
    message: '{in} parameter {name} became optional',
    why: '',
  },
  {
    id: 'request-parameter-location-changed',
    level: 'breaking',
    direction: 'request',
    family: 'parameters',
    description: 'A parameter moved to another location (for example from query to header).',
    message: 'parameter {name} moved from {from} to {to}',
    why: 'Clients keep sending it where it was; the server no longer reads it there.',
  },
  {
    id: 'request-parameter-style-changed',
    level: 'breaking',
    direction: 'request',
    family: 'parameters',
    description: 'The serialisation style of a parameter changed.',
    message: '{in} parameter {name} changed style from {from} to {to}',
    why: 'Clients serialise the value the old way (for example comma-separated instead of repeated), which the server now misreads.',
  },
  {
    id: 'request-parameter-explode-changed',
    level: 'breaking',
    direction: 'request',
    family: 'parameters',
    description: 'The explode flag of a parameter changed.',
    message: '{in} parameter {name} changed explode from {from} to {to}',
    why: 'Arrays and objects are serialised differently with and without explode, so the server misreads what clients send.',
  },
  {
    id: 'request-parameter-allow-empty-value-removed',
    level: 'breaking',
    direction: 'request',
    family: 'parameters',
    description: 'A query parameter no longer allows an empty value (allowEmptyValue went from true to false).',
    message: '{in} parameter {name} no longer allows an empty value',
    why: 'Clients that send the parameter with no value (`?name=`), as they were allowed to, are now rejected.',
  },
  {
    id: 'request-parameter-allow-empty-value-added',
    level: 'info',
    direction: 'request',
    family: 'parameters',
    description: 'A query parameter now allows an empty value (allowEmptyValue became true).',
    message: '{in} parameter {name} now allows an empty value',
    why: '',
  },
  {
    id: 'request-parameter-allow-reserved-removed',
    level: 'warning',
    direction: 'request',
    family: 'parameters',
    description: 'A query parameter no longer allows unencoded reserved characters (allowReserved went from true to false).',
    message: '{in} parameter {name} no longer allows unencoded reserved characters',
    why: 'Clients that send reserved characters such as `/`, `,` or `:` unencoded, as they were allowed to, may have the value split or misread by the server.',
  },
  {
    id: 'request-parameter-allow-reserved-added',
    level: 'info',
    direction: 'request',
    family: 'parameters',
    description: 'A query parameter now allows unencoded reserved characters (allowReserved became true).',
    message: '{in} parameter {name} now allows unencoded reserved characters',
    why: '',
  },
  {
    id: 'request-parameter-media-type-changed',
    level: 'breaking',
    direction: 'request',
    family: 'parameters',
    description: 'A content-encoded parameter changed its media type.',
    message: '{in} parameter {name} changed media type from {from} to {to}',
    why: 'Clients encode the value in the old media type, which the server no longer decodes.',
  },
];

/** Reports parameter additions, removals, requirement and serialisation changes, and their schemas. */
export function checkParameters(ctx: CheckContext): void {
  for (const d of ctx.diff.operations.modified) checkOperation(ctx, d);
}

function checkOperation(ctx: CheckContext, d: OperationDiff): void {
  const { emit } = ctx;
  const op = opRef(d.revision);
  const moves = locationMoves(d);
  const moved = new Set(moves.flatMap((m) => [m.base, m.revision]));
  for (const m of moves) {
    emit({
      id: 'request-parameter-location-changed',
      operation: op,
      pointer: m.revision.pointer,
      side: 'revision',
      args: { name: m.revision.name, from: m.base.in, to: m.revision.in },
      target: { in: m.revision.in, name: m.revision.name },
    });
  }
  for (const p of d.parameters.deleted) {
    if (moved.has(p) || p.in === 'header') continue;
    emit({ id: 'request-parameter-removed', operation: op, pointer: p.pointer, side: 'base', args: { in: p.in, name: p.name }, target: { in: p.in, name: p.name } });
  }
  for (const p of d.parameters.added) {
    if (moved.has(p) || p.in === 'header') continue;
    emit({
      id: p.required ? 'new-required-request-parameter' : 'request-parameter-added',
      operation: op,
      pointer: p.pointer,
      side: 'revision',
      args: { in: p.in, name: p.name },
      target: { in: p.in, name: p.name },
    });
  }
  for (const p of d.parameters.modified) checkModified(ctx, d, p);
}

function checkModified(ctx: CheckContext, d: OperationDiff, p: ParameterDiff): void {
  const { emit } = ctx;
  const op = opRef(d.revision);
  const param = p.revision;
  const target = { in: param.in, name: param.name };
  const args = { in: param.in, name: param.name };
  if (p.required && param.in !== 'header') {
    emit({
      id: p.required.to ? 'request-parameter-became-required' : 'request-parameter-became-optional',
      operation: op,
      pointer: child(param.pointer, 'required'),
      side: 'revision',
      args,
      target,
    });
  }
  if (p.style) {
    emit({
      id: 'request-parameter-style-changed',
      operation: op,
      pointer: param.pointer,
      side: 'revision',
      args: { ...args, from: p.style.from ?? '', to: p.style.to ?? '' },
      target,
    });
  }
  // Explode only matters for arrays and objects, and a style change already says the encoding moved.
  if (p.explode && !p.style) {
    emit({
      id: 'request-parameter-explode-changed',
      operation: op,
      pointer: param.pointer,
      side: 'revision',
      args: { ...args, from: p.explode.from ?? false, to: p.explode.to ?? false },
      target,
    });
  }
  if (p.allowEmptyValue) {
    emit({
      id: p.allowEmptyValue.to ? 'request-parameter-allow-empty-value-added' : 'request-parameter-allow-empty-value-removed',
      operation: op,
      pointer: child(param.pointer, 'allowEmptyValue'),
      side: 'revision',
      args,
      target,
    });
  }
  if (p.allowReserved) {
    emit({
      id: p.allowReserved.to ? 'request-parameter-allow-reserved-added' : 'request-parameter-allow-reserved-removed',
      operation: op,
      pointer: child(param.pointer, 'allowReserved'),
      side: 'revision',
      args,
      target,
    });
  }
  if (p.content) {
    const from = p.content.deleted[0];
    const to = p.content.added[0];
    if (from) {
      emit({
        id: 'request-parameter-media-type-changed',
        operation: op,
        pointer: param.pointer,
        side: 'revision',
        args: { ...args, from: from.mediaType, to: to?.mediaType ?? '' },
        target,
      });
    }
    for (const media of p.content.modified) {
      ctx.schema(media.schema, { direction: 'request', operation: op, target: { ...target, mediaType: media.mediaType } });
    }
  }
  ctx.schema(p.schema, { direction: 'request', operation: op, target });
}
