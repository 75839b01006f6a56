import { child } from '../model/pointer.js';
import { opRef, type CheckContext } from './context.js';
import type { Rule } from './rule.js';

/** Request bodies and their media types; the body schemas go to the schema rules. */
export const rules: Rule[] = [
  {
    id: 'request-body-added-required',
    level: 'breaking',
    direction: 'request',
    family: 'request-body',
    description: 'A required request body was added to an operation that had none.',
    message: 'a required request body was added',
    why: 'Existing clients send no body, so their requests are rejected.',
  },
  {
    id: 'request-body-added-optional',
    level: 'info',
    direction: 'request',
    family: 'request-body',
    description: 'An optional request body was added to an operation that had none.',
    message: 'an optional request body was added',
    why: '',
  },
  {
    id: 'request-body-removed',
    level: 'warning',
    direction: 'request',
    family: 'request-body',
    description: 'The request body of an operation was removed.',
    message: 'the request body was removed',
    why: 'Clients still send a body; the server now ignores it or rejects it, and the data it carried is lost.',
  },
  {
    id: 'request-body-became-required',
    level: 'breaking',
    direction: 'request',
    family: 'request-body',
    description: 'An optional request body became required.',
    message: 'the request body became required',
    why: 'Clients that send no body, as they were allowed to, are now rejected.',
  },
  {
    id: 'request-body-became-optional',
    level: 'info',
    direction: 'request',
    family: 'request-body',
    description: 'A required request body became optional.',
    message: 'the request body became optional',
    why: '',
  },
  {
    id: 'request-body-media-type-removed',
    level: 'breaking',
    direction: 'request',
    family: 'request-body',
    description: 'A media type of the request body is no longer accepted.',
    message: 'request media type {mediaType} was removed',
    why: 'Clients sending that media type now get 415 Unsupported Media Type.',
  },
  {
    id: 'request-body-media-type-added',
    level: 'info',
    direction: 'request',
    family: 'request-body',
    description: 'The request body accepts a new media type.',
    message: 'request media type {mediaType} was added',
    why: '',
  },
];

/** Reports request bodies appearing, disappearing, changing requirement or media types, and their schemas. */
export function checkRequestBody(ctx: CheckContext): void {
  const { emit } = ctx;
  for (const d of ctx.diff.operations.modified) {
    const op = opRef(d.revision);
    const { added, deleted, modified } = d.requestBody;
    if (added) {
      emit({
        id: added.required ? 'request-body-added-required' : 'request-body-added-optional',
        operation: op,
        pointer: added.pointer,
        side: 'revision',
        target: { in: 'body', name: '$' },
      });
    }
    if (deleted) {
      emit({ id: 'request-body-removed', operation: op, pointer: deleted.pointer, side: 'base', target: { in: 'body', name: '$' } });
    }
    if (!modified) continue;
    if (modified.required) {
      emit({
        id: modified.required.to ? 'request-body-became-required' : 'request-body-became-optional',
        operation: op,
        pointer: child(modified.revision.pointer, 'required'),
        side: 'revision',
        target: { in: 'body', name: '$' },
      });
    }
    for (const media of modified.content.deleted) {
      emit({
        id: 'request-body-media-type-removed',
        operation: op,
        pointer: media.pointer,
        side: 'base',
        args: { mediaType: media.mediaType },
        target: { in: 'body', name: '$', mediaType: media.mediaType },
      });
    }
    for (const media of modified.content.added) {
      emit({
        id: 'request-body-media-type-added',
        operation: op,
        pointer: media.pointer,
        side: 'revision',
        args: { mediaType: media.mediaType },
        target: { in: 'body', name: '$', mediaType: media.mediaType },
      });
    }
    for (const media of modified.content.modified) {
      ctx.schema(media.schema, { direction: 'request', operation: op, target: { in: 'body', name: '$', mediaType: media.mediaType } });
    }
  }
}
