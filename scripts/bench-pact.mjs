#!/usr/bin/env node
// Compares `rollgate pact verify` with PactFlow's open-source comparator
// (@pactflow/openapi-pact-comparator): verdicts on every fixtures/pact case, then wall time on a
// generated pact of ~500 interactions against GitHub's REST API description.
//
//   pnpm build && node scripts/bench-pact.mjs [--runs 5] [--interactions 500]
//
// The comparator is installed into .cache/peers (never into the workspace), GitHub's description
// is `npm pack`ed into .cache; both are git-ignored.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, '.cache');
const PEERS = join(CACHE, 'peers');
const COMPARATOR_VERSION = '2.3.1';
const OCTOKIT_VERSION = '23.0.2';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const RUNS = option('runs', 5);
const INTERACTIONS = option('interactions', 500);

function npm(argv, cwd = ROOT) {
  execFileSync('npm', argv, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

// --- peers -------------------------------------------------------------------------------------
const comparatorEntry = join(PEERS, 'node_modules/@pactflow/openapi-pact-comparator/dist/index.mjs');
if (!existsSync(comparatorEntry)) {
  mkdirSync(PEERS, { recursive: true });
  console.error(`installing @pactflow/openapi-pact-comparator@${COMPARATOR_VERSION} into .cache/peers`);
  npm(['install', '--prefix', PEERS, '--no-audit', '--no-fund', '--loglevel', 'error', `@pactflow/openapi-pact-comparator@${COMPARATOR_VERSION}`]);
}
const githubSpecPath = join(CACHE, `octokit-openapi-${OCTOKIT_VERSION}`, 'package/generated/api.github.com.json');
if (!existsSync(githubSpecPath)) {
  const tarball = join(CACHE, `octokit-openapi-${OCTOKIT_VERSION}.tgz`);
  if (!existsSync(tarball)) {
    console.error(`npm pack @octokit/openapi@${OCTOKIT_VERSION} into .cache`);
    npm(['pack', `@octokit/openapi@${OCTOKIT_VERSION}`, '--pack-destination', CACHE, '--loglevel', 'error']);
  }
  const target = join(CACHE, `octokit-openapi-${OCTOKIT_VERSION}`);
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', target, 'package/generated/api.github.com.json']);
}

const distOf = (pkg) => join(ROOT, 'packages', pkg, 'dist/index.js');
for (const pkg of ['openapi', 'pact']) {
  if (!existsSync(distOf(pkg))) {
    console.error(`packages/${pkg}/dist is missing: run \`pnpm build\` first`);
    process.exit(2);
  }
}
const { parseSpecText, buildModel } = await import(pathToFileURL(distOf('openapi')).href);
const { parsePact, verifyPact } = await import(pathToFileURL(distOf('pact')).href);
const { Comparator } = await import(pathToFileURL(comparatorEntry).href);
const YAML = (await import(pathToFileURL(join(ROOT, 'packages/openapi/node_modules/yaml/dist/index.js')).href)).default;

// --- runners: both start from the text of both documents ---------------------------------------
async function runRollgate(specText, specName, pactText) {
  const spec = await parseSpecText(specText, { kind: 'text', name: specName });
  const result = verifyPact(parsePact(pactText, 'pact.json'), buildModel(spec));
  return result.findings.map((f) => ({ level: f.level, code: f.code, interaction: f.interaction }));
}

async function runComparator(specText, specName, pactText) {
  const oas = specName.endsWith('.json') ? JSON.parse(specText) : YAML.parse(specText);
  const comparator = new Comparator({ oas });
  const out = [];
  for await (const result of comparator.compare(JSON.parse(pactText))) {
    out.push({ level: result.type, code: result.code, interaction: result.mockDetails?.interactionDescription ?? '' });
  }
  return out;
}

/** Interactions that have at least one error: the verdict that fails a build. */
function failing(findings) {
  return new Set(findings.filter((f) => f.level === 'error').map((f) => f.interaction));
}

// --- fixtures ----------------------------------------------------------------------------------
const fixtureRoot = join(ROOT, 'fixtures/pact');
const rows = [];
for (const name of readdirSync(fixtureRoot).sort()) {
  const dir = join(fixtureRoot, name);
  const specText = readFileSync(join(dir, 'openapi.yaml'), 'utf8');
  const pactText = readFileSync(join(dir, 'pact.json'), 'utf8');
  const outcome = async (fn) => {
    try {
      const findings = await fn(specText, 'openapi.yaml', pactText);
      return { findings, verdict: failing(findings).size === 0 ? 'compatible' : 'incompatible' };
    } catch (error) {
      return { findings: [], verdict: `error: ${String(error.message ?? error).split('\n')[0].slice(0, 60)}` };
    }
  };
  const ours = await outcome(runRollgate);
  const theirs = await outcome(runComparator);
  const a = failing(ours.findings);
  const b = failing(theirs.findings);
  const onlyOurs = [...a].filter((x) => !b.has(x));
  const onlyTheirs = [...b].filter((x) => !a.has(x));
  rows.push({ name, ours, theirs, onlyOurs, onlyTheirs });
}

console.log('Verdicts on fixtures/pact (interaction-level: which interactions fail)\n');
console.log(`${'case'.padEnd(26)} ${'rollgate'.padEnd(14)} ${'comparator'.padEnd(14)} differs`);
for (const row of rows) {
  const differs = row.ours.verdict !== row.theirs.verdict || row.onlyOurs.length > 0 || row.onlyTheirs.length > 0;
  console.log(`${row.name.padEnd(26)} ${row.ours.verdict.slice(0, 14).padEnd(14)} ${row.theirs.verdict.slice(0, 14).padEnd(14)} ${differs ? 'YES' : ''}`);
  for (const d of row.onlyOurs) console.log(`    only rollgate fails: "${d}" (${codesOf(row.ours.findings, d)})`);
  for (const d of row.onlyTheirs) console.log(`    only comparator fails: "${d}" (${codesOf(row.theirs.findings, d)})`);
  if (row.ours.verdict.startsWith('error') || row.theirs.verdict.startsWith('error')) {
    if (row.ours.verdict !== row.theirs.verdict) console.log(`    rollgate: ${row.ours.verdict} | comparator: ${row.theirs.verdict}`);
  }
}

function codesOf(findings, interaction) {
  return [...new Set(findings.filter((f) => f.interaction === interaction && f.level === 'error').map((f) => f.code))].join(', ');
}

// --- the large case ----------------------------------------------------------------------------
const githubText = readFileSync(githubSpecPath, 'utf8');
const github = JSON.parse(githubText);
const pactText = JSON.stringify(generatePact(github, INTERACTIONS));
writeFileSync(join(CACHE, 'github-pact.json'), pactText);

const timings = { rollgate: [], comparator: [] };
let oursLarge;
let theirsLarge;
for (let run = 0; run < RUNS; run++) {
  // Alternate the order so neither tool always runs on a warmer process.
  for (const tool of run % 2 === 0 ? ['rollgate', 'comparator'] : ['comparator', 'rollgate']) {
    const start = performance.now();
    const findings = tool === 'rollgate' ? await runRollgate(githubText, 'api.github.com.json', pactText) : await runComparator(githubText, 'api.github.com.json', pactText);
    timings[tool].push(performance.now() - start);
    if (tool === 'rollgate') oursLarge = findings;
    else theirsLarge = findings;
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const a = failing(oursLarge);
const b = failing(theirsLarge);
console.log(`\nLarge case: ${INTERACTIONS} generated interactions against api.github.com (${github.info.version}), ${Object.keys(github.paths).length} paths`);
console.log(`  failing interactions: rollgate ${a.size}, comparator ${b.size}, both ${[...a].filter((x) => b.has(x)).length}`);
const diffs = [...new Set([...a, ...b])].filter((x) => a.has(x) !== b.has(x));
const byReason = new Map();
for (const d of diffs) {
  const key = a.has(d) ? `only rollgate: ${codesOf(oursLarge, d)}` : `only comparator: ${codesOf(theirsLarge, d)}`;
  byReason.set(key, [...(byReason.get(key) ?? []), d]);
}
for (const [reason, list] of byReason) console.log(`  ${reason}: ${list.length} (e.g. "${list[0]}")`);
const ours = median(timings.rollgate);
const theirs = median(timings.comparator);
console.log(`\nWall time, median of ${RUNS} runs (parse both documents + check), one process:`);
console.log(`  rollgate    ${ours.toFixed(0).padStart(7)} ms   (runs: ${timings.rollgate.map((t) => t.toFixed(0)).join(', ')})`);
console.log(`  comparator  ${theirs.toFixed(0).padStart(7)} ms   (runs: ${timings.comparator.map((t) => t.toFixed(0)).join(', ')})`);
console.log(`  speed-up    ${(theirs / ours).toFixed(1)}x   (target: at least 2x)`);

// --- generator ---------------------------------------------------------------------------------
/**
 * A deterministic pact against GitHub's description: the first `count` operations in path order
 * that answer JSON, each with path parameters, required query parameters, a bearer token and an
 * expected body built from the response schema. Every 10th interaction carries a planted defect
 * (a field GitHub never returns, a wrong type, a bad path parameter, an unknown status) so both
 * tools have something to find; every other one uses a `type` matcher on the whole body.
 */
function generatePact(doc, count) {
  const resolve = (node) => {
    let current = node;
    for (let i = 0; current && typeof current.$ref === 'string' && i < 20; i++) {
      current = current.$ref.slice(2).split('/').reduce((n, t) => n?.[t.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    }
    return current ?? {};
  };
  const example = (schemaNode, depth) => {
    const schema = resolve(schemaNode);
    if (schema.example !== undefined && depth > 0 && typeof schema.example !== 'object') return schema.example;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
    if (Array.isArray(schema.allOf)) {
      return Object.assign({}, ...schema.allOf.map((part) => example(part, depth)).filter((v) => typeof v === 'object' && v !== null && !Array.isArray(v)));
    }
    for (const key of ['oneOf', 'anyOf']) if (Array.isArray(schema[key]) && schema[key].length > 0) return example(schema[key][0], depth);
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
    if (type === 'object' || (!type && schema.properties)) {
      if (depth >= 3) return {};
      const out = {};
      for (const name of schema.required ?? []) {
        if (schema.properties?.[name]) out[name] = example(schema.properties[name], depth + 1);
      }
      return out;
    }
    if (type === 'array') return depth >= 3 || !schema.items ? [] : [example(schema.items, depth + 1)];
    if (type === 'integer') return typeof schema.minimum === 'number' ? schema.minimum : 1;
    if (type === 'number') return typeof schema.minimum === 'number' ? schema.minimum : 1.5;
    if (type === 'boolean') return true;
    if (type === 'string') {
      switch (schema.format) {
        case 'date-time':
          return '2024-01-01T00:00:00Z';
        case 'date':
          return '2024-01-01';
        case 'uri':
          return 'https://example.com/x';
        case 'email':
          return 'octocat@example.com';
        case 'uuid':
          return '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
        default:
          return typeof schema.minLength === 'number' && schema.minLength > 5 ? 'x'.repeat(schema.minLength) : 'octocat';
      }
    }
    return null;
  };
  const paramValue = (param) => {
    const value = example(param.schema ?? {}, 1);
    return String(value === null || typeof value === 'object' ? 'octocat' : value);
  };
  const interactions = [];
  const paths = Object.keys(doc.paths).sort();
  outer: for (const path of paths) {
    const item = doc.paths[path];
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
      const statuses = Object.keys(op.responses ?? {}).filter((s) => /^2\d\d$/.test(s)).sort();
      const status = statuses[0];
      if (!status) continue;
      const response = resolve(op.responses[status]);
      const media = response.content?.['application/json'];
      const n = interactions.length;
      const defect = n % 10 === 9 ? ['field', 'type', 'path', 'status'][(n / 10) % 4 | 0] : undefined;
      let concrete = path.replace(/\{([^}]+)\}/g, (_, name) => {
        const param = params.find((p) => p.in === 'path' && p.name === name);
        return encodeURIComponent(param ? paramValue(param) : 'octocat');
      });
      if (defect === 'path' && params.some((p) => p.in === 'path' && resolve(p.schema ?? {}).type === 'integer')) {
        const integerParam = params.find((p) => p.in === 'path' && resolve(p.schema ?? {}).type === 'integer');
        concrete = path.replace(/\{([^}]+)\}/g, (_, name) => (name === integerParam.name ? 'not-a-number' : encodeURIComponent(paramValue(params.find((p) => p.in === 'path' && p.name === name) ?? {}))));
      }
      const query = {};
      for (const p of params) if (p.in === 'query' && p.required) query[p.name] = [paramValue(p)];
      const request = { method: method.toUpperCase(), path: concrete, headers: { Authorization: 'Bearer ghp_bench', Accept: 'application/json' } };
      if (Object.keys(query).length > 0) request.query = query;
      const bodySchema = resolve(op.requestBody ?? {}).content?.['application/json']?.schema;
      if (bodySchema) {
        request.body = example(bodySchema, 0) ?? {};
        request.headers['Content-Type'] = 'application/json';
      }
      const expected = { status: defect === 'status' ? 599 : Number(status) };
      if (media?.schema) {
        let body = example(media.schema, 0);
        if (defect === 'field' && body && typeof body === 'object' && !Array.isArray(body)) body = { ...body, rollgateBenchField: 'x' };
        if (defect === 'type' && body && typeof body === 'object' && !Array.isArray(body)) {
          const key = Object.keys(body).find((k) => typeof body[k] === 'string' || typeof body[k] === 'number');
          if (key) body = { ...body, [key]: typeof body[key] === 'string' ? 12345 : 'not-a-number' };
        }
        expected.headers = { 'Content-Type': 'application/json' };
        expected.body = body;
        if (n % 2 === 0 && !defect) expected.matchingRules = { body: { $: { matchers: [{ match: 'type' }], combine: 'AND' } } };
      }
      interactions.push({
        description: `${method.toUpperCase()} ${path} #${n}`,
        providerStates: [{ name: `state ${n}` }],
        request,
        response: expected,
      });
      if (interactions.length >= count) break outer;
    }
  }
  return {
    consumer: { name: 'bench-consumer' },
    provider: { name: 'api.github.com' },
    interactions,
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}
