#!/usr/bin/env node
// Writes the registry's current API description (what `GET /openapi.json` serves) to
// contracts/registry/openapi.json: run it when releasing the registry, after the gate test
// (packages/registry/test/api/openapi-gate.test.ts) has shown the changes are compatible or the
// release is a new major. Uses the built packages: `pnpm build` first.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { buildApp } = await import(pathToFileURL(path.join(root, 'packages/registry/dist/index.js')).href);
const { openStore } = await import(pathToFileURL(path.join(root, 'packages/registry/dist/store/index.js')).href);

const store = await openStore(':memory:');
const app = await buildApp({ store, logger: false });
try {
  const response = await app.inject({ method: 'GET', url: '/openapi.json' });
  if (response.statusCode !== 200) throw new Error(`GET /openapi.json answered ${response.statusCode}`);
  const target = path.join(root, 'contracts/registry/openapi.json');
  await writeFile(target, `${JSON.stringify(response.json(), null, 2)}\n`);
  console.log(`wrote ${path.relative(root, target)}`);
} finally {
  await app.close();
  await store.close();
}
