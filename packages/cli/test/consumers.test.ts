import { describe, expect, it } from 'vitest';
import type { Change } from '@rollgate/openapi';
import { usesChange } from '../src/consumers.js';
import type { EndpointConsumerAnswer } from '../src/registry-client.js';

const consumer = (responseFields: string[]): EndpointConsumerAnswer => ({
  service: 'b',
  version: '2.0.0',
  environments: ['production'],
  parameters: [],
  requestFields: [],
  responseFields,
  statuses: [200],
});

const removed: Change = {
  id: 'response-optional-property-removed',
  level: 'warning',
  direction: 'response',
  operation: { method: 'GET', path: '/pets' },
  pointer: '/components/schemas/Pet/properties/tag',
  side: 'base',
  message: 'optional response property "$.pet.tag" was removed (also at 1 other path)',
  target: { in: 'body', name: '$.pet.tag', status: '200', alsoAt: ['$.friends[*].tag'], pathCount: 2 },
};

describe('usesChange', () => {
  it('counts a consumer that reads the field at any path of the change', () => {
    expect(usesChange(consumer(['$.pet.tag']), removed)).toBe(true);
    expect(usesChange(consumer(['$.friends[*].tag']), removed)).toBe(true);
    expect(usesChange(consumer(['$.pet.name', '$.friends[*].name']), removed)).toBe(false);
  });
});
