import type { OperationModel } from '../model/types.js';
import { opRef, type CheckContext } from './context.js';
import type { Rule } from './rule.js';

/**
 * Webhooks (OpenAPI 3.1): requests the API sends to its subscribers. The roles are the reverse of
 * an operation's, so a webhook's payload is judged like a response body: subscribers read it.
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
];

function label(op: OperationModel): string {
  return `${op.method} ${op.path}`;
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
  for (const d of diff.webhooks.modified) {
    const body = d.requestBody.modified;
    if (!body) continue;
    for (const media of body.content.modified) {
      ctx.schema(media.schema, {
        direction: 'response',
        operation: opRef(d.revision),
        target: { in: 'body', name: '$', mediaType: media.mediaType },
      });
    }
  }
}
