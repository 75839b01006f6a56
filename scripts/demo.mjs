#!/usr/bin/env node
// The demo: a registry on a fresh embedded store, the example system of contracts/ published
// into it, deployments recorded, then the rollback question asked where it must be refused
// (production) and where it is safe (staging). Every step runs the real `rollgate` CLI and
// prints the command, so it can be copied into a pipeline. Writes need a write token generated
// for the run, as a production registry would; reads stay open so the browser and curl need none.
//
//   node scripts/demo.mjs [--port 8080] [--db .rollgate/registry.db] [--exit]
//
// Without --exit the registry keeps running for browsing until Ctrl-C.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    db: { type: 'string', default: '.rollgate/registry.db' },
    exit: { type: 'boolean', default: false },
  },
});
const bin = path.join(root, 'packages/cli/dist/bin.js');
const { startServer, closeOnSignals } = await import(pathToFileURL(path.join(root, 'packages/registry/dist/index.js')).href);

const bold = (text) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[1m${text}\u001b[22m` : text);

/** Runs `rollgate <args>` against the demo registry, echoing the command and its output. */
function rollgate(url, token, argv) {
  const shown = ['rollgate', ...argv.map((arg) => (/[\s{}]/.test(arg) ? `'${arg}'` : arg))].join(' ');
  process.stdout.write(`\n$ ${shown}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...argv], {
      cwd: root,
      env: { ...process.env, ROLLGATE_URL: url, ROLLGATE_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => process.stdout.write(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      process.stdout.write(`(exit code ${code})\n`);
      resolve({ code, output });
    });
  });
}

const writeToken = randomBytes(18).toString('base64url');

async function start() {
  const db = path.resolve(root, args.db);
  // A fresh store each run, so the demo always tells the same story.
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${db}${suffix}`, { force: true })));
  const options = { db, host: '127.0.0.1', writeToken, logger: { level: 'warn' } };
  try {
    return await startServer({ ...options, port: Number(args.port) });
  } catch (error) {
    if (error?.code !== 'EADDRINUSE') throw error;
    console.log(`port ${args.port} is busy; using a free one`);
    return startServer({ ...options, port: 0 });
  }
}

const server = await start();
const url = server.url;
console.log(bold(`Rollgate registry running at ${url} (store: ${path.relative(root, server.app.store.location) || server.app.store.location})`));
console.log(`Writes need the write token generated for this run; the commands below find both in their environment:`);
console.log(`  export ROLLGATE_URL=${url} ROLLGATE_TOKEN=${writeToken}`);

const steps = [];
const step = async (title, argv, expectCode = 0) => {
  if (title) console.log(`\n${bold(`== ${title}`)}`);
  const result = await rollgate(url, writeToken, argv);
  steps.push({ argv, ...result, expectCode });
  if (result.code !== expectCode) throw new Error(`rollgate ${argv.join(' ')} exited ${result.code}, expected ${expectCode}`);
  return result;
};

try {
  await step('Provider A publishes its OpenAPI documents (v2 adds GET /orders/{id}/tracking and estimatedDelivery)', [
    'publish', 'openapi', 'A', '1.0.0', 'contracts/a/v1/openapi.yaml',
  ]);
  await step('', ['publish', 'openapi', 'A', '2.0.0', 'contracts/a/v2/openapi.yaml']);
  await step('Consumer B publishes the pacts its pact-js tests wrote (v2 uses what A v2 added)', [
    'publish', 'pact', 'contracts/b/v1/B-A.json', '--version', '1.0.0',
  ]);
  await step('', ['publish', 'pact', 'contracts/b/v2/B-A.json', '--version', '2.0.0']);

  console.log(`\n${bold('== Deployments: production runs A 2.0.0 + B 2.0.0, staging runs A 2.0.0 + B 1.0.0')}`);
  for (const [service, version, environment] of [
    ['A', '2.0.0', 'production'],
    ['B', '2.0.0', 'production'],
    ['A', '2.0.0', 'staging'],
    ['B', '1.0.0', 'staging'],
  ]) {
    await step('', ['record-deployment', '--service', service, '--version', version, '--environment', environment]);
  }

  await step('Who uses what of A?', ['endpoints', 'A']);
  await step('May A roll back to 1.0.0 in production? (B 2.0.0 runs there)', [
    'rollback-check', '--service', 'A', '--environment', 'production', '--to', '1.0.0',
  ], 1);
  console.log(`see it in the browser: ${url}/ui/rollback?service=A&environment=production&to=1.0.0`);
  await step('May A roll back to 1.0.0 in staging? (only B 1.0.0 runs there)', [
    'rollback-check', '--service', 'A', '--environment', 'staging', '--to', '1.0.0',
  ], 0);

  console.log(`\n${bold('== The same question from a pipeline with curl')}`);
  console.log(`curl -s '${url}/rollback-check?service=A&environment=production&to=1.0.0'`);
  const answer = await fetch(`${url}/rollback-check?service=A&environment=production&to=1.0.0`).then((response) => response.json());
  console.log(JSON.stringify(answer, null, 2));
  console.log(`\nMore: ${url}/services  ${url}/services/A/endpoints  ${url}/openapi.json  ${url}/metrics`);
  console.log(`In the browser: ${url}/ui/ (who uses each endpoint, version diffs, rollback checks, the dependency graph)`);
} catch (error) {
  console.error(`demo failed: ${error.message}`);
  await server.close();
  process.exit(1);
}

if (args.exit) {
  await server.close();
  console.log('\nregistry stopped (--exit)');
} else {
  console.log(`\n${bold(`The registry keeps running for browsing at ${url}/ui/ (its API at ${url}); Ctrl-C stops it.`)}`);
  closeOnSignals(server, () => process.exit(0));
}
