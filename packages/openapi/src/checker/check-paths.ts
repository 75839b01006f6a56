import { child } from '../model/pointer.js';
import type { OperationModel } from '../model/types.js';
import { isoDay, opRef, type CheckContext } from './context.js';
import type { Rule } from './rule.js';

/** Operations appearing, disappearing or being renamed. */
export const rules: Rule[] = [
  {
    id: 'operation-removed',
    level: 'breaking',
    direction: 'none',
    family: 'paths',
    description: 'An operation that was not deprecated was removed.',
    message: 'operation {operation} was removed without being deprecated first',
    why: 'Clients calling it now get 404 or 405; nothing warned them to migrate.',
  },
  {
    id: 'operation-removed-deprecated',
    level: 'warning',
    direction: 'none',
    family: 'paths',
    description: 'A deprecated operation without a sunset date was removed.',
    message: 'deprecated operation {operation} was removed',
    why: 'Clients that have not migrated off the deprecated operation start failing; no sunset date told them when.',
  },
  {
    id: 'operation-removed-before-sunset',
    level: 'breaking',
    direction: 'none',
    family: 'paths',
    description: 'A deprecated operation was removed before its announced x-sunset date.',
    message: 'operation {operation} was removed before its sunset date {sunset}',
    why: 'Clients were promised the operation until its sunset date and may not have migrated yet.',
  },
  {
    id: 'operation-removed-after-sunset',
    level: 'info',
    direction: 'none',
    family: 'paths',
    description: 'A deprecated operation was removed after its x-sunset date passed.',
    message: 'operation {operation} was removed after its sunset date {sunset}',
    why: '',
  },
  {
    id: 'operation-added',
    level: 'info',
    direction: 'none',
    family: 'paths',
    description: 'An operation was added.',
    message: 'operation {operation} was added',
    why: '',
  },
  {
    id: 'path-parameter-renamed',
    level: 'info',
    direction: 'request',
    family: 'paths',
    description: 'A path parameter was renamed in the path template; the URL clients call is unchanged.',
    message: 'path parameter {from} was renamed to {to}',
    why: '',
  },
  {
    id: 'operation-id-changed',
    level: 'warning',
    direction: 'none',
    family: 'paths',
    description: 'The operationId of an operation changed.',
    message: 'operationId changed from {from} to {to}',
    why: 'Generated clients name their methods after the operationId; regenerating them renames the method and breaks callers.',
  },
  {
    id: 'operation-id-removed',
    level: 'warning',
    direction: 'none',
    family: 'paths',
    description: 'The operationId of an operation was removed.',
    message: 'operationId {from} was removed',
    why: 'Generated clients fall back to a derived method name, so code calling the old name no longer compiles.',
  },
  {
    id: 'operation-id-added',
    level: 'info',
    direction: 'none',
    family: 'paths',
    description: 'An operationId was given to an operation that had none.',
    message: 'operationId {to} was added',
    why: '',
  },
  {
    id: 'operation-tag-added',
    level: 'info',
    direction: 'none',
    family: 'paths',
    description: 'A tag was added to an operation.',
    message: 'tag {tag} was added',
    why: '',
  },
  {
    id: 'operation-tag-removed',
    level: 'info',
    direction: 'none',
    family: 'paths',
    description: 'A tag was removed from an operation.',
    message: 'tag {tag} was removed',
    why: '',
  },
  {
    id: 'operation-server-removed',
    level: 'warning',
    direction: 'none',
    family: 'paths',
    description: 'A server URL an operation is served from (its own or its path item\'s `servers`) was removed.',
    message: 'server {url} of the operation was removed',
    why: 'Clients configured to call the operation at that base URL may lose access if the server is also shut down.',
  },
  {
    id: 'operation-server-added',
    level: 'info',
    direction: 'none',
    family: 'paths',
    description: 'A server URL was added for an operation (its own or its path item\'s `servers`).',
    message: 'server {url} of the operation was added',
    why: '',
  },
];

function label(op: OperationModel): string {
  return `${op.method} ${op.path}`;
}

/** Reports removed, added and renamed operations and their identifiers. */
export function checkPaths(ctx: CheckContext): void {
  const { diff, emit, today } = ctx;
  for (const op of diff.operations.deleted) {
    const sunset = isoDay(op.sunset);
    let id = 'operation-removed';
    // Only a deprecated operation was announced as going away: a sunset date on one that was
    // never deprecated does not make its removal safe.
    if (op.deprecated) {
      if (sunset === undefined) id = 'operation-removed-deprecated';
      else id = sunset <= today ? 'operation-removed-after-sunset' : 'operation-removed-before-sunset';
    }
    const args: Record<string, string> = { operation: label(op) };
    if (op.sunset !== undefined) args.sunset = op.sunset;
    emit({ id, operation: opRef(op), pointer: op.pointer, side: 'base', args, target: { in: 'operation' } });
  }
  for (const op of diff.operations.added) {
    emit({ id: 'operation-added', operation: opRef(op), pointer: op.pointer, side: 'revision', args: { operation: label(op) }, target: { in: 'operation' } });
  }
  for (const d of diff.operations.modified) {
    const op = opRef(d.revision);
    for (const p of d.parameters.modified) {
      if (p.renamed && p.base.in === 'path') {
        emit({
          id: 'path-parameter-renamed',
          operation: op,
          pointer: p.revision.pointer,
          side: 'revision',
          args: { from: p.renamed.from, to: p.renamed.to },
          target: { in: 'path', name: p.revision.name },
        });
      }
    }
    if (d.operationId) {
      const { from, to } = d.operationId;
      const pointer = child(d.revision.pointer, 'operationId');
      if (from !== undefined && to !== undefined) {
        emit({ id: 'operation-id-changed', operation: op, pointer, side: 'revision', args: { from, to }, target: { in: 'operation' } });
      } else if (from !== undefined) {
        emit({ id: 'operation-id-removed', operation: op, pointer: child(d.base.pointer, 'operationId'), side: 'base', args: { from }, target: { in: 'operation' } });
      } else if (to !== undefined) {
        emit({ id: 'operation-id-added', operation: op, pointer, side: 'revision', args: { to }, target: { in: 'operation' } });
      }
    }
    if (d.servers) {
      const at = (o: OperationModel): string => child(o.pointer, 'servers');
      for (const url of d.servers.deleted) {
        emit({ id: 'operation-server-removed', operation: op, pointer: d.base.servers ? at(d.base) : d.base.pointer, side: 'base', args: { url }, target: { in: 'operation' } });
      }
      for (const url of d.servers.added) {
        emit({ id: 'operation-server-added', operation: op, pointer: d.revision.servers ? at(d.revision) : d.revision.pointer, side: 'revision', args: { url }, target: { in: 'operation' } });
      }
    }
    for (const tag of d.tags.added) {
      emit({ id: 'operation-tag-added', operation: op, pointer: child(d.revision.pointer, 'tags'), side: 'revision', args: { tag } });
    }
    for (const tag of d.tags.deleted) {
      emit({ id: 'operation-tag-removed', operation: op, pointer: child(d.base.pointer, 'tags'), side: 'base', args: { tag } });
    }
  }
}
