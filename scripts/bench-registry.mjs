#!/usr/bin/env node
// Registry benchmark: seeds 200 services x 20 versions (one OpenAPI document each), 3
// environments and 2,000 generated pacts, then runs autocannon against `GET /rollback-check`
// and, in the same run, against a trivial route of the same app (`GET /`, the ceiling). Prints
// p50/p99 latency and requests per second for both, on SQLite and on PostgreSQL (a fresh schema,
// skipped with a note when no server answers), plus the time to ingest the 2,000 pacts through
// the HTTP API. Targets: p99 under 10 ms, and at least 30% of the ceiling's throughput.
// Last, it measures what computing verdicts ahead (at each publication and deployment) adds to
// those writes: a second app on the same store runs with `precompute: false`, and pact
// publications and deployments alternate between the two (median ms per write for each).
//
//   pnpm build && node scripts/bench-registry.mjs [--duration 10] [--connections 10] [--only sqlite|postgres]
//                                                 [--cpu-prof <dir>] [--max-seconds 600]
//
// The registry runs in a child process so autocannon does not share its event loop; it listens
// on 127.0.0.1 only, and all traffic stays on the loopback. The run is bounded: each load lasts
// --duration seconds, and a watchdog ends the whole run (registry included) after --max-seconds.
// --cpu-prof writes a CPU profile of the registry process into a folder.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = 200;
const VERSIONS = 20;
const PACTS = 2_000;
const ENVIRONMENTS = { production: 15, staging: 18, development: 19 };
const POSTGRES_URL = process.env.ROLLGATE_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

const name = (index) => `svc-${String(index).padStart(3, '0')}`;
const version = (index) => `1.0.${index}`;

/** Provider spec of version v: item fields f0..fv, so a consumer reading fN needs version >= N. */
function specOf(service, v) {
  const fields = Object.fromEntries(Array.from({ length: v + 1 }, (_, index) => [`f${index}`, { type: 'string' }]));
  const item = { type: 'object', required: ['id', 'name', ...Object.keys(fields)], properties: { id: { type: 'string' }, name: { type: 'string' }, price: { type: 'number' }, ...fields } };
  const json = (schema) => ({ content: { 'application/json': { schema } } });
  return {
    openapi: '3.0.3',
    info: { title: service, version: version(v) },
    paths: {
      '/items': {
        get: { operationId: 'listItems', parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }], responses: { 200: { description: 'items', ...json({ type: 'array', items: { $ref: '#/components/schemas/Item' } }) } } },
        post: { operationId: 'createItem', requestBody: { required: true, ...json({ $ref: '#/components/schemas/NewItem' }) }, responses: { 201: { description: 'created', ...json({ $ref: '#/components/schemas/Item' }) } } },
      },
      '/items/{id}': {
        get: { operationId: 'getItem', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'item', ...json({ $ref: '#/components/schemas/Item' }) }, 404: { description: 'none' } } },
      },
    },
    components: { schemas: { Item: item, NewItem: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, price: { type: 'number' } } } } },
  };
}

/** Consumer c at version v, reading field f{10 + v % 3} of its provider's item: a Pact v3 document. */
function pactOf(consumer, provider, v) {
  const field = `f${10 + (v % 3)}`;
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [
      {
        description: `get item 42 (reads ${field})`,
        providerStates: [{ name: 'item 42 exists' }],
        request: { method: 'GET', path: '/items/42' },
        response: {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body: { id: '42', name: 'lamp', [field]: 'x' },
          matchingRules: { body: { '$.id': { combine: 'AND', matchers: [{ match: 'type' }] }, [`$.${field}`]: { combine: 'AND', matchers: [{ match: 'type' }] } } },
        },
      },
      {
        description: 'create an item',
        request: { method: 'POST', path: '/items', headers: { 'Content-Type': 'application/json' }, body: { name: 'lamp', price: 9.5 } },
        response: { status: 201, headers: { 'Content-Type': 'application/json' }, body: { id: '43', name: 'lamp' } },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

/** Every pact: consumers' versions 10..19 each have one, with one of five providers in turn. */
function pactPlan() {
  const plan = [];
  for (let index = 0; index < PACTS; index += 1) {
    const consumer = index % SERVICES;
    const v = 10 + Math.floor(index / SERVICES);
    const provider = (consumer + 1 + (v % 5)) % SERVICES;
    plan.push({ consumer: name(consumer), provider: name(provider), v });
  }
  return plan;
}

// ---- child: seed and serve ------------------------------------------------------------------

async function serve(db, schema) {
  const { buildApp } = await import(pathToFileURL(path.join(root, 'packages/registry/dist/index.js')).href);
  const { openStore } = await import(pathToFileURL(path.join(root, 'packages/registry/dist/store/index.js')).href);
  const store = await openStore(db, schema ? { schema } : {});
  const app = await buildApp({ store, logger: false, closeStore: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${app.server.address().port}`;
  // The same registry without verdicts computed at write time, for the write-cost comparison.
  const plain = await buildApp({ store, logger: false, precompute: false });
  await plain.listen({ port: 0, host: '127.0.0.1' });
  const plainUrl = `http://127.0.0.1:${plain.server.address().port}`;

  let started = performance.now();
  for (let s = 0; s < SERVICES; s += 1) {
    for (let v = 0; v < VERSIONS; v += 1) await store.putOpenApi(name(s), version(v), specOf(name(s), v));
  }
  const specsMs = performance.now() - started;

  // Pacts go through the HTTP API: parsing, usage extraction against the provider's spec, storage.
  started = performance.now();
  const plan = pactPlan();
  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const { consumer, provider, v } = plan[next++];
      const response = await fetch(`${url}/services/${consumer}/versions/${version(v)}/pacts/${provider}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(pactOf(consumer, provider, v)),
      });
      if (response.status !== 201) throw new Error(`pact ${consumer}@${v} -> ${provider}: ${response.status} ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const pactsMs = performance.now() - started;

  for (const [environment, v] of Object.entries(ENVIRONMENTS)) {
    for (let s = 0; s < SERVICES; s += 1) await store.recordDeployment({ service: name(s), version: version(v), environment });
  }
  process.send({ url, plainUrl, specsMs, pactsMs });
  // A registry left behind by a parent that died would serve forever.
  process.on('disconnect', () => process.exit(1));
  process.on('message', async (message) => {
    if (message === 'stop') {
      await plain.close();
      await app.close();
      process.exit(0);
    }
  });
}

// ---- parent: measure --------------------------------------------------------------------------

/** Registry processes started, for the watchdog. */
const children = new Set();

function startChild(db, schema, options) {
  // --cpu-prof profiles the registry process (where the time goes), not this one.
  const execArgv = options.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(options.cpuProf)] : [];
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--serve', db, ...(schema ? ['--schema', schema] : [])], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
    children.add(child);
    child.once('exit', () => children.delete(child));
    child.once('message', (message) => resolve({ child, ...message }));
    child.once('exit', (code) => reject(new Error(`the registry process exited with code ${code} while seeding`)));
    child.once('error', reject);
  });
}

async function load(autocannon, url, requests, options) {
  const result = await autocannon({ url, connections: options.connections, duration: options.duration, requests });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${bad} failed requests against ${requests[0].path}`);
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average };
}

async function measure(label, db, schema, options) {
  const { default: autocannon } = await import('autocannon');
  console.log(`\n${label}: seeding ${SERVICES} services x ${VERSIONS} versions, ${Object.keys(ENVIRONMENTS).length} environments, ${PACTS} pacts...`);
  const { child, url, plainUrl, specsMs, pactsMs } = await startChild(db, schema, options);
  try {
    console.log(`  specs stored (store API):     ${(specsMs / 1000).toFixed(1)} s for ${SERVICES * VERSIONS}`);
    console.log(`  pacts ingested (HTTP API):    ${(pactsMs / 1000).toFixed(1)} s for ${PACTS} (${((pactsMs / PACTS)).toFixed(2)} ms/pact, 8 concurrent)`);
    // Half refused (below f10, which the consumers running in production read), half safe.
    const checks = Array.from({ length: 100 }, (_, index) => ({
      method: 'GET',
      path: `/rollback-check?service=${name((index * 7) % SERVICES)}&environment=production&to=${version(index % 2 === 0 ? 9 : 11)}`,
    }));
    const cold = performance.now();
    const verdicts = { safe: 0, refused: 0 };
    for (const { path: route } of checks) {
      const answer = await (await fetch(`${url}${route}`)).json();
      verdicts[answer.safe ? 'safe' : 'refused'] += 1;
    }
    console.log(`  first pass (cold caches):     ${((performance.now() - cold) / checks.length).toFixed(2)} ms/check, ${verdicts.refused} refused, ${verdicts.safe} safe`);
    // A deployment moves the store's revision, so every cached answer is recomputed (from the
    // verdicts stored by then, since pacts and specs do not change).
    const deployed = await fetch(`${url}/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: name(1), version: version(16), environment: 'production' }),
    });
    if (deployed.status !== 201) throw new Error(`recording a deployment: ${deployed.status} ${await deployed.text()}`);
    const after = performance.now();
    for (const { path: route } of checks) await (await fetch(`${url}${route}`)).arrayBuffer();
    console.log(`  first pass after a deployment: ${((performance.now() - after) / checks.length).toFixed(2)} ms/check (answers recomputed)`);
    const ceiling = await load(autocannon, url, [{ method: 'GET', path: '/', headers: { accept: 'application/json' } }], options);
    const rollback = await load(autocannon, url, checks, options);
    const share = (100 * rollback.rps) / ceiling.rps;
    const row = (what, r) => `  ${what.padEnd(30)} p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(3)} ms  ${Math.round(r.rps).toLocaleString('en-US').padStart(7)} req/s`;
    console.log(row('GET / (ceiling)', ceiling));
    console.log(row('GET /rollback-check', rollback));
    console.log(`  targets: p99 < 10 ms: ${rollback.p99 < 10 ? 'met' : 'MISSED'} (${rollback.p99} ms); >= 30% of ceiling: ${share >= 30 ? 'met' : 'MISSED'} (${share.toFixed(0)}%)`);
    await writeCosts(url, plainUrl);
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const WRITES = 40;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function timed(request, expected) {
  const started = performance.now();
  const response = await fetch(...request);
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== expected) throw new Error(`${request[0]}: ${response.status} ${text}`);
  return ms;
}

/**
 * What computing verdicts ahead adds to a write: pact publications (each a new content, so its
 * verdicts are new) and deployments (each of a service not yet deployed at that version there),
 * alternating between the app that precomputes and the one that does not, one at a time.
 */
async function writeCosts(url, plainUrl) {
  const ms = { publish: { with: [], without: [] }, deploy: { with: [], without: [] } };
  for (let index = 0; index < 2 * WRITES; index += 1) {
    // Alternate which app goes first in each pair, so neither always follows the other.
    const precompute = (index & 1) === ((index >> 1) & 1);
    const consumer = (index * 37) % SERVICES;
    const provider = (consumer + 1 + (index % 5)) % SERVICES;
    const pact = pactOf(name(consumer), name(provider), index);
    pact.interactions[0].description += `, write-cost run ${index}`;
    ms.publish[precompute ? 'with' : 'without'].push(
      await timed(
        [`${precompute ? url : plainUrl}/services/${name(consumer)}/versions/2.0.${index}/pacts/${name(provider)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pact) }],
        201,
      ),
    );
  }
  for (let index = 0; index < 2 * WRITES; index += 1) {
    const precompute = (index & 1) === ((index >> 1) & 1);
    // Services 100..179 run 1.0.15 in production; each moves to 1.0.16 once.
    const body = JSON.stringify({ service: name(100 + index), version: version(16), environment: 'production' });
    ms.deploy[precompute ? 'with' : 'without'].push(
      await timed([`${precompute ? url : plainUrl}/deployments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }], 201),
    );
  }
  console.log(`  cost of precomputing verdicts (median of ${WRITES} writes each, alternating, HTTP round trip included):`);
  for (const [what, label] of [['publish', 'pact publication'], ['deploy', 'deployment']]) {
    const on = median(ms[what].with);
    const off = median(ms[what].without);
    console.log(`    ${label.padEnd(18)} ${on.toFixed(2).padStart(6)} ms with, ${off.toFixed(2).padStart(6)} ms without (+${(on - off).toFixed(2)} ms)`);
  }
}

function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(1_000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

const { values: args } = parseArgs({
  options: {
    serve: { type: 'string' },
    schema: { type: 'string' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    only: { type: 'string' },
    'cpu-prof': { type: 'string' },
    'max-seconds': { type: 'string', default: '600' },
  },
});

if (args.serve) {
  await serve(args.serve, args.schema);
} else {
  const options = { duration: Number(args.duration), connections: Number(args.connections), cpuProf: args['cpu-prof'] };
  const watchdog = setTimeout(() => {
    console.error(`registry benchmark: stopped after ${args['max-seconds']} s (--max-seconds)`);
    for (const child of children) child.kill('SIGKILL');
    process.exit(1);
  }, Number(args['max-seconds']) * 1000);
  watchdog.unref();
  console.log(`registry benchmark: autocannon, ${options.connections} connections, ${options.duration} s per route, Node ${process.version}`);
  if (args.only !== 'postgres') {
    const dir = await mkdtemp(path.join(tmpdir(), 'rollgate-bench-'));
    try {
      await measure('SQLite', path.join(dir, 'registry.db'), undefined, options);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (args.only !== 'sqlite') {
    if (!(await reachable(POSTGRES_URL))) {
      console.log(`\nPostgreSQL: skipped, nothing answers at ${POSTGRES_URL}`);
    } else {
      const schema = `rollgate_bench_${process.pid}_${Date.now()}`;
      try {
        await measure(`PostgreSQL (schema ${schema})`, POSTGRES_URL, schema, options);
      } finally {
        const { default: pg } = await import(pathToFileURL(path.join(root, 'packages/registry/node_modules/pg/lib/index.js')).href);
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.end();
      }
    }
  }
}
