import { describe, expect, it } from 'vitest';
import { isRollgateError } from '@rollgate/openapi';
import { extractUsage, parsePact, PACT_FINDING_RULES, verifyPact } from '../src/index.js';
import { fixtureCases, fixtureModel, fixtureText } from './helpers.js';

interface Expected {
  compatible?: boolean;
  findings?: { code: string; interaction: string; level?: 'error' | 'warning' }[];
  error?: { code: string; message: string };
}

const defaultLevel = new Map(PACT_FINDING_RULES.map((rule) => [rule.code, rule.level]));
const key = (f: { code: string; interaction: string; level: string }): string => `${f.level} ${f.code} @ ${f.interaction}`;

describe('fixtures/pact', () => {
  const cases = fixtureCases();

  it('has the cases the checks are specified by', () => {
    expect(cases).toEqual([
      'compatible',
      'content-type-mismatch',
      'default-status',
      'eachlike-missing-field',
      'header-param-invalid',
      'malformed-pact',
      'maps-headers-cookies',
      'matcher-regex',
      'matcher-type-enum',
      'missing-authorization',
      'optional-nullable-field',
      'path-param-invalid',
      'query-param-invalid',
      'request-body-invalid',
      'response-field-missing',
      'unknown-path-or-method',
      'unknown-status',
      'v4-message-interaction',
    ]);
  });

  for (const name of cases) {
    it(name, async () => {
      const expected = JSON.parse(fixtureText(name, 'expected.json')) as Expected;
      const text = fixtureText(name, 'pact.json');
      if (expected.error) {
        let caught: unknown;
        try {
          parsePact(text, `${name}/pact.json`);
        } catch (error) {
          caught = error;
        }
        expect(isRollgateError(caught)).toBe(true);
        expect((caught as { code: string }).code).toBe(expected.error.code);
        expect((caught as Error).message).toContain(expected.error.message);
        return;
      }
      const model = await fixtureModel(name);
      const pact = parsePact(text, `${name}/pact.json`);
      const result = verifyPact(pact, model);
      const actual = result.findings.map((f) => key(f)).sort();
      const wanted = (expected.findings ?? [])
        .map((f) => key({ ...f, level: f.level ?? defaultLevel.get(f.code as never) ?? 'error' }))
        .sort();
      expect(actual).toEqual(wanted);
      expect(result.compatible).toBe(expected.compatible);
      for (const finding of result.findings) {
        expect(finding.pactPointer).toMatch(/^\/(interactions|messages)\/\d+/);
        expect(finding.message.length).toBeGreaterThan(10);
      }

      // Every interaction is accounted for by the usage, matched unless its operation is unknown.
      const usage = extractUsage(pact, model);
      const described = usage.operations.flatMap((op) => op.interactions).sort();
      expect(described).toEqual([...new Set(pact.interactions.map((i) => i.description))].sort());
      const unknown = new Set(result.findings.filter((f) => f.code === 'request.path-or-method.unknown').map((f) => f.interaction));
      for (const op of usage.operations) {
        expect(op.matched).toBe(!op.interactions.every((d) => unknown.has(d)));
      }
    });
  }
});
