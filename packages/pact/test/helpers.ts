import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel, loadSpec, parseSpecText } from '@rollgate/openapi';
import type { ApiModel } from '@rollgate/openapi';

/** The repository's `fixtures/pact` folder. */
export const FIXTURES = fileURLToPath(new URL('../../../fixtures/pact/', import.meta.url));

/** Names of the fixture cases, one folder each. */
export function fixtureCases(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Reads a file of a fixture case. */
export function fixtureText(name: string, file: string): string {
  return readFileSync(join(FIXTURES, name, file), 'utf8');
}

/** The API model of a fixture case's `openapi.yaml`. */
export async function fixtureModel(name: string): Promise<ApiModel> {
  return buildModel(await loadSpec(join(FIXTURES, name, 'openapi.yaml')));
}

/** The API model of an inline YAML document. */
export async function modelOf(yaml: string): Promise<ApiModel> {
  return buildModel(await parseSpecText(yaml, { kind: 'text', name: 'inline.yaml' }));
}
