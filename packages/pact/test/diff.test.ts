import { describe, expect, it } from 'vitest';
import { RollgateError } from '@rollgate/openapi';
import { diffPacts, parsePact } from '../src/index.js';

function pact(name: string, provider: string, interactions: object[]) {
  return parsePact({ consumer: { name: 'web' }, provider: { name: provider }, interactions, metadata: { pactSpecification: { version: '3.0.0' } } }, name);
}

const interaction = (states: string[], status = 200) => ({
  description: 'an order',
  providerStates: states.map((name) => ({ name })),
  request: { method: 'GET', path: '/orders/1' },
  response: { status },
});

describe('diffPacts', () => {
  it('takes provider states as a set: written in another order, the interaction is the same', () => {
    const diff = diffPacts(pact('old.json', 'api', [interaction(['an order exists', 'the user is signed in'])]), pact('new.json', 'api', [interaction(['the user is signed in', 'an order exists'])]));
    expect(diff.interactions).toEqual({ added: [], removed: [], changed: [] });
    const changed = diffPacts(pact('old.json', 'api', [interaction(['a', 'b'])]), pact('new.json', 'api', [interaction(['b', 'a'], 404)]));
    expect(changed.interactions.changed.map((c) => c.changes.map((x) => x.part))).toEqual([['response.status']]);
  });

  it('refuses two pacts between different parties', () => {
    expect(() => diffPacts(pact('old.json', 'api', []), pact('new.json', 'billing', []))).toThrow(RollgateError);
    expect(() => diffPacts(pact('old.json', 'api', []), pact('new.json', 'billing', []))).toThrow(
      'new.json: pact diff compares two versions of one pact, but old.json is web -> api and new.json is web -> billing',
    );
  });
});
