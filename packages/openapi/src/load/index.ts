import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RollgateError } from '../errors.js';
import { child, getAtPointer, isObject, refToPointer } from '../model/pointer.js';
import { jsonLineIndex, type LineLocator } from './lines.js';
import { deepestContainer, isStackOverflow, shortPointer } from './nesting.js';
import type { LoadedSpec, LoadOptions, SpecSource } from './types.js';

export type * from './types.js';

/** Options of `parseSpecText` beyond `LoadOptions`: how to read files that external `$ref`s name. */
export interface ParseOptions extends LoadOptions {
  /** Reads a file an external `$ref` names, by absolute path; defaults to the file system. */
  readRef?: (absolutePath: string) => Promise<string>;
  /** Absolute path external `$ref`s resolve against when the source has none (stdin, git). */
  basePath?: string;
}

/**
 * Loads a document from a file path, `-` (stdin) or a git revision `rev:path`, and parses it.
 * Never dereferences, and bundles only when the document has external `$ref`s.
 */
export async function loadSpec(source: string, opts: LoadOptions = {}): Promise<LoadedSpec> {
  const cwd = opts.cwd ?? process.cwd();
  if (source === '-') {
    const text = opts.stdin ? await opts.stdin() : await readStdin();
    return parseSpecText(text, { kind: 'stdin', name: '-' }, { ...opts, basePath: path.join(cwd, 'stdin') });
  }
  const absolute = path.resolve(cwd, source);
  const info = await stat(absolute).catch(() => undefined);
  if (info?.isFile()) {
    const text = await readFile(absolute, 'utf8').catch((error: unknown) => {
      throw new RollgateError('SPEC_UNREADABLE', `${source}: cannot read the file (${errorText(error)})`, { file: source });
    });
    return parseSpecText(text, { kind: 'file', name: source, path: absolute }, opts);
  }
  if (info?.isDirectory()) {
    throw new RollgateError('SPEC_UNREADABLE', `${source}: is a directory, not a spec file`, { file: source });
  }
  const revision = parseRevision(source);
  if (revision) return loadFromGit(source, revision.rev, revision.file, cwd, opts);
  throw new RollgateError('SPEC_NOT_FOUND', `${source}: no such file`, { file: source });
}

/** `origin/main:api/openapi.yaml` splits into revision and path; a Windows drive (`C:\`) does not. */
function parseRevision(source: string): { rev: string; file: string } | undefined {
  const match = /^([^:]+):(.+)$/.exec(source);
  if (!match || /^[A-Za-z]$/.test(match[1]!)) return undefined;
  return { rev: match[1]!, file: match[2]! };
}

async function loadFromGit(source: string, rev: string, file: string, cwd: string, opts: LoadOptions): Promise<LoadedSpec> {
  const root = (await git(['rev-parse', '--show-toplevel'], cwd).catch((error: unknown) => {
    throw new RollgateError('GIT_REVISION', `${source}: cannot read git revision ${JSON.stringify(rev)}: ${errorText(error)}`, { file: source });
  })).trim();
  await git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], cwd).catch(() => {
    throw new RollgateError('GIT_REVISION', `${source}: git revision ${JSON.stringify(rev)} does not exist`, { file: source });
  });
  // `rev:./x` is relative to the working directory for git; make every path repository-relative.
  const inRepo = file.startsWith('./') || file.startsWith('../') ? path.relative(root, path.resolve(cwd, file)) : file;
  const repoPath = inRepo.split(path.sep).join('/');
  const show = (relative: string): Promise<string> => git(['show', `${rev}:${relative}`], root);
  const text = await show(repoPath).catch(() => {
    throw new RollgateError('GIT_REVISION', `${source}: path ${JSON.stringify(repoPath)} does not exist in git revision ${JSON.stringify(rev)}`, {
      file: source,
    });
  });
  return parseSpecText(text, { kind: 'git', name: source }, {
    ...opts,
    basePath: path.join(root, repoPath),
    // External files come from the same revision, never from the working tree.
    readRef: (absolute) => show(path.relative(root, absolute).split(path.sep).join('/')),
  });
}

function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 1 << 30, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr.trim() || error.message));
      else resolve(stdout);
    });
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses JSON or YAML text into a `LoadedSpec`; used by `loadSpec` and by the registry for uploaded specs. */
export async function parseSpecText(text: string, source: SpecSource, opts: ParseOptions = {}): Promise<LoadedSpec> {
  const name = source.name;
  const { document, lineOf, linesOf, json } = await parseText(text, name);
  const fail = (code: string, message: string, pointer?: string): never => {
    const details: { file: string; line?: number; pointer?: string } = { file: name };
    if (pointer !== undefined) {
      details.pointer = pointer;
      const line = lineOf(pointer);
      if (line !== undefined) details.line = line;
    }
    const where = details.line !== undefined ? `${name}:${details.line}` : name;
    throw new RollgateError(code, `${where}: ${message}`, details);
  };

  if (!isObject(document)) fail('SPEC_INVALID', 'not an OpenAPI or Swagger document (the top level is not a mapping)');
  const doc = document as Record<string, unknown>;
  const specVersion = detectVersion(doc, fail);
  const info = isObject(doc.info) ? doc.info : {};

  let bundled = doc;
  // For JSON, a regular expression over the text finds candidate refs far faster than a walk over
  // the parsed tree; only when a candidate is external or dangling does the walk confirm it.
  const candidates = json ? refsInJsonText(text) : undefined;
  const needsWalk =
    candidates === undefined ||
    candidates.external ||
    candidates.internal.some((ref) => {
      const target = refToPointer(ref);
      return target !== undefined && getAtPointer(doc, target) === undefined;
    });
  const refs = needsWalk ? scanRefs(doc) : { internal: [], external: [] };
  if (refs.external.length > 0) {
    const remote = refs.external.find((ref) => /^https?:/i.test(ref));
    if (remote && !opts.allowRemoteRefs) {
      fail('REF_REMOTE_DISALLOWED', `remote $ref ${JSON.stringify(remote)} is not followed without --allow-remote-refs`, findRef(doc, remote));
    }
    bundled = await bundle(doc, source, opts, fail, refs.external);
  } else {
    for (const ref of refs.internal) {
      const target = refToPointer(ref);
      if (target !== undefined && getAtPointer(doc, target) === undefined) {
        fail('REF_UNRESOLVED', `$ref ${JSON.stringify(ref)} does not resolve`, findRef(doc, ref));
      }
    }
  }
  if (opts.validate) await validate(bundled, specVersion, fail);

  return {
    source,
    document: bundled,
    specVersion,
    title: typeof info.title === 'string' ? info.title : '',
    version: typeof info.version === 'string' || typeof info.version === 'number' ? String(info.version) : '',
    lineOf,
    linesOf,
  };
}

type Fail = (code: string, message: string, pointer?: string) => never;

interface ParsedText {
  document: unknown;
  lineOf: LineLocator;
  linesOf: (pointers: readonly string[]) => (number | undefined)[];
  json: boolean;
}

/** JSON goes through `JSON.parse` (the fast path for large specs); anything else is YAML. */
async function parseText(text: string, name: string): Promise<ParsedText> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/^\s*$/.test(body)) throw new RollgateError('SPEC_INVALID', `${name}: the document is empty`, { file: name });
  if (/^\s*[{[]/.test(body)) {
    let document: unknown;
    try {
      document = JSON.parse(body);
    } catch (error) {
      // Flow-style YAML also starts with `{`; unless the name says JSON, only call it a JSON error
      // if YAML cannot read it either. A `.json` file is never read as YAML: YAML would take a
      // missing comma (`"a": false "b": true`) as one string and misread the document silently.
      if (!/\.json$/i.test(name)) {
        const yaml = await parseYaml(body, name).catch(() => undefined);
        if (yaml) return yaml;
      }
      const position = /position (\d+)/.exec(errorText(error));
      const line = position ? body.slice(0, Number(position[1])).split('\n').length : undefined;
      const where = line !== undefined ? `${name}:${line}` : name;
      throw new RollgateError('SPEC_SYNTAX', `${where}: invalid JSON: ${errorText(error)}`, line !== undefined ? { file: name, line } : { file: name });
    }
    const { lineOf, linesOf } = jsonLineIndex(body);
    return { document, lineOf, linesOf, json: true };
  }
  return parseYaml(body, name);
}

/** YAML through the `yaml` package, loaded on first use. */
async function parseYaml(body: string, name: string): Promise<ParsedText> {
  const { parseYaml: parse } = await import('./yaml.js');
  const { document, lineOf } = parse(body, name);
  return { document, lineOf, linesOf: (pointers) => pointers.map(lineOf), json: false };
}

function detectVersion(doc: Record<string, unknown>, fail: Fail): LoadedSpec['specVersion'] {
  if (doc.openapi !== undefined) {
    const v = String(doc.openapi);
    if (/^3\.0(\.\d+)?$/.test(v)) return '3.0';
    if (/^3\.1(\.\d+)?$/.test(v)) return '3.1';
    return fail('SPEC_UNSUPPORTED_VERSION', `OpenAPI version ${JSON.stringify(v)} is not supported (use 2.0, 3.0.x or 3.1.x)`, '/openapi');
  }
  if (doc.swagger !== undefined) {
    const v = String(doc.swagger);
    if (v === '2.0' || v === '2') return '2.0';
    return fail('SPEC_UNSUPPORTED_VERSION', `Swagger version ${JSON.stringify(v)} is not supported (use 2.0)`, '/swagger');
  }
  return fail('SPEC_INVALID', 'not an OpenAPI or Swagger document (no "openapi" or "swagger" field)');
}

/** Keys whose values are data, not schema structure: a `$ref` inside them is not a reference. */
const DATA_KEYS = new Set(['example', 'default', 'enum', 'const', 'x-examples']);

/** Collects the distinct `$ref` strings of a document in one pass, without building pointers. */
function scanRefs(doc: Record<string, unknown>): { internal: string[]; external: string[] } {
  const internal = new Set<string>();
  const external = new Set<string>();
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node) if (item !== null && typeof item === 'object') stack.push(item);
    } else if (node !== null && typeof node === 'object') {
      for (const key in node) {
        const value = (node as Record<string, unknown>)[key];
        if (key === '$ref' && typeof value === 'string') (value.startsWith('#') ? internal : external).add(value);
        else if (value !== null && typeof value === 'object' && !DATA_KEYS.has(key)) stack.push(value);
      }
    }
  }
  return { internal: [...internal], external: [...external] };
}

/** A `$ref` member written in JSON text: the key, the colon and the string value. */
const REF_MEMBER = /"\$ref"\s*:\s*"(?:[^"\\]|\\.)*"/g;

/**
 * Distinct `$ref` values written in JSON text, and whether any of them is external. One native match
 * collects the members (tens of thousands in a large document, mostly repeats of a few thousand);
 * only the distinct ones are read in JavaScript.
 */
function refsInJsonText(text: string): { internal: string[]; external: boolean } {
  const internal = new Set<string>();
  let external = false;
  for (const member of new Set(text.match(REF_MEMBER))) {
    const value = member.slice(member.indexOf('"', '"$ref"'.length));
    const ref = value.includes('\\') ? (JSON.parse(value) as string) : value.slice(1, -1);
    if (ref.startsWith('#')) internal.add(ref);
    else external = true;
  }
  return { internal: [...internal], external };
}

/** The pointer of the first `$ref` with this value, for an error's line (only walked on failure). */
function findRef(doc: unknown, ref: string): string | undefined {
  const visit = (node: unknown, pointer: string): string | undefined => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const found = visit(node[i], child(pointer, i));
        if (found !== undefined) return found;
      }
    } else if (isObject(node)) {
      if (node.$ref === ref) return child(pointer, '$ref');
      for (const [key, value] of Object.entries(node)) {
        if (DATA_KEYS.has(key) || value === null || typeof value !== 'object') continue;
        const found = visit(value, child(pointer, key));
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return visit(doc, '');
}

async function bundle(doc: Record<string, unknown>, source: SpecSource, opts: ParseOptions, fail: Fail, external: readonly string[]): Promise<Record<string, unknown>> {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  const basePath = source.path ?? opts.basePath ?? path.join(opts.cwd ?? process.cwd(), 'openapi.yaml');
  const readRef = opts.readRef;
  const fileResolver = {
    order: 1,
    canRead: (file: { url: string }) => !/^https?:/i.test(file.url),
    read: async (file: { url: string }) => {
      const absolute = file.url.startsWith('file:') ? fileURLToPath(file.url) : decodeURIComponent(file.url);
      return readRef ? readRef(absolute) : readFile(absolute, 'utf8');
    },
  };
  try {
    const result = await SwaggerParser.bundle(basePath, doc as never, {
      resolve: {
        external: true,
        file: fileResolver,
        http: opts.allowRemoteRefs ? { timeout: 30_000, redirects: 5 } : false,
      },
      // The document was validated for structure above; bundling must not re-validate (slow on large specs).
      validate: { schema: false, spec: false },
    } as never);
    return result as unknown as Record<string, unknown>;
  } catch (error) {
    const message = errorText(error).split('\n')[0] ?? 'unknown error';
    // Name the line of the document's own $ref to a file that cannot be read, when it is one of
    // them (a file an external file refers to has no line here).
    let missing: string | undefined;
    for (const ref of external) {
      const file = ref.split('#')[0];
      if (!file || /^https?:/i.test(ref)) continue;
      const absolute = path.resolve(path.dirname(basePath), decodeURIComponent(file));
      const readable = await (readRef ? readRef(absolute) : readFile(absolute, 'utf8')).then(
        () => true,
        () => false,
      );
      if (!readable) {
        missing = ref;
        break;
      }
    }
    return fail('REF_UNRESOLVED', `an external $ref could not be resolved: ${message}`, missing === undefined ? undefined : findRef(doc, missing));
  }
}

async function validate(doc: Record<string, unknown>, specVersion: LoadedSpec['specVersion'], fail: Fail): Promise<void> {
  // swagger-parser's own message for these says only "[object Object] is not a valid Openapi API
  // definition"; name the missing part instead.
  if (specVersion !== '2.0') {
    const missing = (what: string, pointer?: string): never => fail('SPEC_INVALID', `the document is not valid: ${what}`, pointer);
    if (!isObject(doc.info)) missing(doc.info === undefined ? '"info" is missing' : '"info" must be an object', doc.info === undefined ? undefined : '/info');
    const info = doc.info as Record<string, unknown>;
    for (const key of ['title', 'version']) {
      if (typeof info[key] !== 'string') missing(info[key] === undefined ? `"info.${key}" is missing` : `"info.${key}" must be a string`, info[key] === undefined ? '/info' : `/info/${key}`);
    }
    if (specVersion === '3.0' && !isObject(doc.paths)) missing(doc.paths === undefined ? '"paths" is missing' : '"paths" must be an object', doc.paths === undefined ? undefined : '/paths');
    if (specVersion === '3.1' && doc.paths === undefined && doc.webhooks === undefined && doc.components === undefined) {
      missing('an OpenAPI 3.1 document needs at least one of "paths", "webhooks" and "components"');
    }
  }
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  try {
    await SwaggerParser.validate(structuredClone(doc) as never);
  } catch (error) {
    if (isStackOverflow(error)) {
      const { depth, pointer } = deepestContainer(doc);
      fail('SPEC_TOO_DEEP', `nests ${depth} levels deep at ${shortPointer(pointer)}, too deep to validate (the call stack ran out)`, pointer);
    }
    // swagger-parser says "Swagger" for every version, and lists the problems by pointer (`#/paths/...`):
    // the first one gives the line.
    let message = errorText(error);
    if (specVersion !== '2.0') message = message.replace(/^Swagger schema validation failed/, `OpenAPI ${specVersion} schema validation failed`);
    const first = /^\s*#(\/\S*)/m.exec(message)?.[1];
    fail('SPEC_INVALID', `the document is not valid: ${message}`, first);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
