import type { OperationModel } from '../model/types.js';
import { opRef, type CheckContext } from './context.js';
import type { Rule } from './rule.js';

/**
 * Webhooks (OpenAPI 3.1) and callbacks (3.0 and 3.1): requests the API sends to its subscribers
 * or to a URL a client gave. The roles are the reverse of an operation's, so their payload is
 * judged like a response body: the receivers read it.
 */
export const rules: Rule[] = [
  {
    id: 'webhook-removed',
    level: 'breaking',
    direction: 'none',
    family: 'webhooks',
    description: 'A webhook operation was removed: the API no longer sends that event.',
    message: 'webhook {webhook} was removed',
    why: 'Subscribers waiting for the event stop receiving it, and whatever they did on it silently stops happening.',
  },
  {
    id: 'webhook-added',
    level: 'info',
    direction: 'none',
    family: 'webhooks',
    description: 'A webhook operation was added: the API sends a new event.',
    message: 'webhook {webhook} was added',
    why: '',
  },
  {
    id: 'callback-removed',
    level: 'breaking',
    direction: 'none',
    family: 'webhooks',
    description: 'A callback of an operation was removed: the API no longer calls the URL the client gave for it.',
    message: 'callback {callback} was removed',
    why: 'Clients that registered the callback wait for calls that never come, and whatever they did on them silently stops happening.',
  },
  {
    id: 'callback-added',
    level: 'info',
    direction: 'none',
    family: 'webhooks',
    description: 'A callback was added to an operation: the API calls a URL the client gives.',
    message: 'callback {callback} was added',
    why: '',
  },
];

function label(op: OperationModel): string {
  return `${op.method} ${op.path}`;
}

/** `onEvent POST {$request.body#/callbackUrl}`: a callback's name, method and URL expression. */
export function callbackLabel(op: OperationModel): string {
  return `${op.callback?.name ?? ''} ${op.method} ${op.path}`;
}

/** The operation a callback belongs to: its changes are that operation's. */
function ownerRef(op: OperationModel): { method: string; path: string } {
  return op.callback ? op.callback.owner : opRef(op);
}

/** Reports webhooks appearing and disappearing, and judges changed payloads as data subscribers receive. */
export function checkWebhooks(ctx: CheckContext): void {
  const { diff, emit } = ctx;
  for (const op of diff.webhooks.deleted) {
    emit({ id: 'webhook-removed', operation: opRef(op), pointer: op.pointer, side: 'base', args: { webhook: label(op) }, target: { in: 'operation' } });
  }
  for (const op of diff.webhooks.added) {
    emit({ id: 'webhook-added', operation: opRef(op), pointer: op.pointer, side: 'revision', args: { webhook: label(op) }, target: { in: 'operation' } });
  }
  // The callbacks of an operation removed or added go with it: its own change says it all.
  const removedOwners = new Set(diff.operations.deleted.map(label));
  const addedOwners = new Set(diff.operations.added.map(label));
  for (const op of diff.callbacks.deleted) {
    if (op.callback && removedOwners.has(op.callback.ownerKey)) continue;
    emit({ id: 'callback-removed', operation: ownerRef(op), pointer: op.pointer, side: 'base', args: { callback: callbackLabel(op) }, target: { in: 'operation', callback: callbackLabel(op) } });
  }
  for (const op of diff.callbacks.added) {
    if (op.callback && addedOwners.has(op.callback.ownerKey)) continue;
    emit({ id: 'callback-added', operation: ownerRef(op), pointer: op.pointer, side: 'revision', args: { callback: callbackLabel(op) }, target: { in: 'operation', callback: callbackLabel(op) } });
  }
  // A webhook's or callback's payload is data the API sends: judged as a response body is.
  for (const d of [...diff.webhooks.modified, ...diff.callbacks.modified]) {
    const body = d.requestBody.modified;
    if (!body) continue;
    const callback = d.revision.callback ? { callback: callbackLabel(d.revision) } : {};
    for (const media of body.content.modified) {
      ctx.schema(media.schema, {
        direction: 'response',
        operation: ownerRef(d.revision),
        target: { in: 'body', name: '$', mediaType: media.mediaType, ...callback },
      });
    }
  }
}
