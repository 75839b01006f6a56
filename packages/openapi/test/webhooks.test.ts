import { describe, expect, it } from 'vitest';
import { buildModel, checkSpecs, parseSpecText } from '../src/index.js';
import type { Change } from '../src/index.js';

const BASE = `openapi: 3.1.0
info: {title: Pets, version: "1"}
paths: {}
webhooks:
  newPet:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [id, name]
              properties:
                id: {type: integer}
                name: {type: string}
      responses: {'200': {description: received}}
`;

async function check(base: string, revision: string): Promise<Change[]> {
  const [b, r] = await Promise.all([
    parseSpecText(base, { kind: 'text', name: 'base.yaml' }),
    parseSpecText(revision, { kind: 'text', name: 'revision.yaml' }),
  ]);
  return checkSpecs(buildModel(b), buildModel(r));
}

describe('webhooks', () => {
  it('judges a payload as data subscribers receive: a lost property breaks them', async () => {
    const revision = BASE.replace('required: [id, name]', 'required: [id]').replace(/\n {16}name: \{type: string\}/, '');
    const changes = await check(BASE, revision);
    expect(changes.map((c) => [c.id, c.level, c.operation])).toEqual([
      ['response-property-removed', 'breaking', { method: 'POST', path: 'newPet' }],
    ]);
    expect(changes[0]!.line).toBe(15);
  });

  it('does not call a new optional payload property breaking', async () => {
    const revision = BASE.replace('name: {type: string}', 'name: {type: string}\n                tag: {type: string}');
    const changes = await check(BASE, revision);
    expect(changes.every((c) => c.level !== 'breaking')).toBe(true);
    expect(changes.map((c) => c.operation)).toEqual(changes.map(() => ({ method: 'POST', path: 'newPet' })));
  });

  it('finds nothing between a document with webhooks and itself', async () => {
    expect(await check(BASE, BASE)).toEqual([]);
  });
});
