import type { ResponseModel } from '../model/types.js';
import { isSuccessStatus, opRef, type CheckContext } from './context.js';
import type { Rule } from './rule.js';

/** Response statuses and media types; the body schemas go to the schema rules. */
export const rules: Rule[] = [
  {
    id: 'response-success-status-removed',
    level: 'breaking',
    direction: 'response',
    family: 'responses',
    description: 'A success (2xx) response status was removed.',
    message: 'success response {status} was removed',
    why: 'Clients expecting that status treat the response they now get as unexpected and fail.',
  },
  {
    id: 'response-non-success-status-removed',
    level: 'warning',
    direction: 'response',
    family: 'responses',
    description: 'An error, redirect or default response was removed from the description.',
    message: 'response {status} was removed',
    why: 'Clients handling that status lose its documented body; the server may still send it undocumented.',
  },
  {
    id: 'response-status-covered-by-range',
    level: 'info',
    direction: 'response',
    family: 'responses',
    description: 'An explicit response status was removed but a range (such as 2XX) or default still covers it.',
    message: 'response {status} was removed; {range} still covers it',
    why: '',
  },
  {
    id: 'response-success-status-added',
    level: 'info',
    direction: 'response',
    family: 'responses',
    description: 'A success (2xx) response status was added.',
    message: 'success response {status} was added',
    why: '',
  },
  {
    id: 'response-non-success-status-added',
    level: 'info',
    direction: 'response',
    family: 'responses',
    description: 'An error, redirect or default response was added.',
    message: 'response {status} was added',
    why: '',
  },
  {
    id: 'response-media-type-removed',
    level: 'breaking',
    direction: 'response',
    family: 'responses',
    description: 'A response media type is no longer produced.',
    message: 'media type {mediaType} of response {status} was removed',
    why: 'Clients that accept only that media type get 406 Not Acceptable or a body they cannot parse.',
  },
  {
    id: 'response-media-type-added',
    level: 'info',
    direction: 'response',
    family: 'responses',
    description: 'A response can be produced in a new media type.',
    message: 'media type {mediaType} of response {status} was added',
    why: '',
  },
];

/** The range (`2XX`) or `default` in the revision that still covers a removed explicit status. */
function coveringRange(status: string, revision: ResponseModel[]): string | undefined {
  if (!/^\d{3}$/.test(status)) return undefined;
  const range = `${status[0]}XX`;
  if (revision.some((r) => r.status === range)) return range;
  // `default` covers a removed error, never a removed success that clients branch on.
  if (!isSuccessStatus(status) && revision.some((r) => r.status === 'default')) return 'default';
  return undefined;
}

/** Reports response statuses and media types appearing or disappearing, and their schemas. */
export function checkResponses(ctx: CheckContext): void {
  const { emit } = ctx;
  for (const d of ctx.diff.operations.modified) {
    const op = opRef(d.revision);
    for (const r of d.responses.deleted) {
      const status = r.status;
      const range = coveringRange(r.status, d.revision.responses);
      const id = range ? 'response-status-covered-by-range' : isSuccessStatus(r.status) ? 'response-success-status-removed' : 'response-non-success-status-removed';
      const args: Record<string, string> = { status };
      if (range) args.range = range;
      emit({ id, operation: op, pointer: r.pointer, side: 'base', args, target: { in: 'body', name: '$', status } });
    }
    for (const r of d.responses.added) {
      const status = r.status;
      emit({
        id: isSuccessStatus(r.status) ? 'response-success-status-added' : 'response-non-success-status-added',
        operation: op,
        pointer: r.pointer,
        side: 'revision',
        args: { status },
        target: { in: 'body', name: '$', status },
      });
    }
    for (const r of d.responses.modified) {
      const status = r.status;
      for (const media of r.content.deleted) {
        emit({
          id: 'response-media-type-removed',
          operation: op,
          pointer: media.pointer,
          side: 'base',
          args: { mediaType: media.mediaType, status },
          target: { in: 'body', name: '$', status, mediaType: media.mediaType },
        });
      }
      for (const media of r.content.added) {
        emit({
          id: 'response-media-type-added',
          operation: op,
          pointer: media.pointer,
          side: 'revision',
          args: { mediaType: media.mediaType, status },
          target: { in: 'body', name: '$', status, mediaType: media.mediaType },
        });
      }
      for (const media of r.content.modified) {
        ctx.schema(media.schema, { direction: 'response', operation: op, target: { in: 'body', name: '$', status, mediaType: media.mediaType } });
      }
    }
  }
}
