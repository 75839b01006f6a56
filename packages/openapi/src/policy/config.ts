import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type * as YamlModule from 'yaml';
import type { Node as YamlNode, Pair, YAMLMap } from 'yaml';
import { LEVELS } from '../checker/change.js';
import type { Rule } from '../checker/rule.js';
import { RULES_BY_ID } from '../checker/rules.js';
import { RollgateError } from '../errors.js';
import { FAIL_ON_VALUES } from './fail-on.js';
import { compileOperationGlob } from './match.js';
import type { PolicyConfig, RuleSetting, Waiver } from './types.js';

/** File names looked for in each directory, in order. */
const CONFIG_FILE_NAMES = ['rollgate.yaml', 'rollgate.yml'] as const;

const RULE_SETTINGS: readonly RuleSetting[] = [...LEVELS, 'off'];
const TOP_LEVEL_KEYS = ['failOn', 'rules', 'waivers'];
const WAIVER_KEYS = ['rules', 'operations', 'reason', 'until'];

type Yaml = typeof YamlModule;
let yamlModule: Yaml | undefined;
/**
 * The `yaml` package, required on first use: most runs have no config file, and importing it
 * statically cost every `rollgate diff` about 40 ms of CPU at start-up. Its `node` export is CommonJS,
 * so this is the same instance an `import` of it gets.
 */
function yaml(): Yaml {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as Yaml);
}

/** Options of `parseConfig`. */
export interface ParseConfigOptions {
  /** Rule IDs the config may name; the built-in catalog by default. */
  catalog?: ReadonlyMap<string, Rule>;
}

/**
 * Parses and validates a `rollgate.yaml` text. Every problem is a `CONFIG_INVALID` error naming
 * the file, the line and the field, since a silently ignored waiver or level is worse than none.
 */
export function parseConfig(text: string, file: string, options: ParseConfigOptions = {}): PolicyConfig {
  const catalog = options.catalog ?? RULES_BY_ID;
  const { LineCounter, isMap, isScalar, isSeq, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  const fail = (message: string, node?: YamlNode | null, field?: string): never => {
    throw new RollgateError('CONFIG_INVALID', field ? `${field}: ${message}` : message, {
      file,
      ...(node?.range ? { line: lineAt(node.range[0]) } : {}),
      ...(field ? { pointer: field } : {}),
    });
  };

  const syntax = doc.errors[0];
  if (syntax) {
    throw new RollgateError('CONFIG_INVALID', `invalid YAML: ${syntax.message.split('\n')[0]}`, {
      file,
      line: lineAt(syntax.pos[0]),
    });
  }

  const config: PolicyConfig = { file, rules: {}, waivers: [] };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return config;
  if (!isMap(root)) return fail('the file must be a mapping with `failOn`, `rules` and/or `waivers`', root);

  for (const pair of pairs(root)) {
    const key = keyOf(pair, fail);
    if (!TOP_LEVEL_KEYS.includes(key)) {
      fail(`unknown key (expected one of ${TOP_LEVEL_KEYS.join(', ')})`, pair.key as YamlNode, key);
    }
  }

  const failOnNode = root.get('failOn', true) as YamlNode | undefined;
  if (failOnNode !== undefined) {
    const value = isScalar(failOnNode) ? failOnNode.value : undefined;
    if (typeof value !== 'string' || !FAIL_ON_VALUES.includes(value)) {
      fail(`must be one of ${FAIL_ON_VALUES.join(', ')}`, failOnNode, 'failOn');
    }
    config.failOn = value as string;
    const line = failOnNode.range ? lineAt(failOnNode.range[0]) : undefined;
    if (line !== undefined) config.failOnLine = line;
  }

  const rulesNode = root.get('rules', true) as YamlNode | undefined;
  if (rulesNode && !isNullScalar(rulesNode)) {
    if (!isMap(rulesNode)) fail('must be a mapping from rule ID to a level', rulesNode, 'rules');
    for (const pair of pairs(rulesNode as YAMLMap)) {
      const id = keyOf(pair, fail);
      const field = `rules.${id}`;
      if (!catalog.has(id)) fail(`unknown rule ID ${JSON.stringify(id)}`, pair.key as YamlNode, field);
      const value = pair.value as YamlNode | null;
      const setting = isScalar(value) ? value.value : undefined;
      if (typeof setting !== 'string' || !RULE_SETTINGS.includes(setting as RuleSetting)) {
        fail(`must be one of ${RULE_SETTINGS.join(', ')}`, value ?? (pair.key as YamlNode), field);
      }
      config.rules[id] = setting as RuleSetting;
    }
  }

  const waiversNode = root.get('waivers', true) as YamlNode | undefined;
  if (waiversNode && !isNullScalar(waiversNode)) {
    if (!isSeq(waiversNode)) fail('must be a list of waivers', waiversNode, 'waivers');
    const items = isSeq(waiversNode) ? waiversNode.items : [];
    items.forEach((item, index) => {
      const field = `waivers[${index}]`;
      const node = item as YamlNode;
      if (!isMap(node)) return fail('must be a mapping with `reason` and `rules` and/or `operations`', node, field);
      const waiver: Waiver = { reason: '', file, ...(node.range ? { line: lineAt(node.range[0]) } : {}) };
      for (const pair of pairs(node)) {
        const key = keyOf(pair, fail);
        if (!WAIVER_KEYS.includes(key)) {
          fail(`unknown key (expected one of ${WAIVER_KEYS.join(', ')})`, pair.key as YamlNode, `${field}.${key}`);
        }
      }

      const rules = stringList(node.get('rules', true) as YamlNode | undefined, `${field}.rules`, fail);
      rules?.forEach((id, i) => {
        if (!catalog.has(id)) {
          const seq = node.get('rules', true) as YamlNode;
          fail(`unknown rule ID ${JSON.stringify(id)}`, itemNode(seq, i), `${field}.rules[${i}]`);
        }
      });
      if (rules) waiver.rules = rules;

      const operations = stringList(node.get('operations', true) as YamlNode | undefined, `${field}.operations`, fail);
      operations?.forEach((glob, i) => {
        try {
          compileOperationGlob(glob);
        } catch (error) {
          const seq = node.get('operations', true) as YamlNode;
          fail((error as Error).message, itemNode(seq, i), `${field}.operations[${i}]`);
        }
      });
      if (operations) waiver.operations = operations;
      if (!rules && !operations) fail('a waiver needs `rules`, `operations` or both', node, field);

      const reasonNode = node.get('reason', true) as YamlNode | undefined;
      const reason = isScalar(reasonNode) ? reasonNode.value : undefined;
      if (typeof reason !== 'string' || reason.trim() === '') {
        fail('is mandatory: say why the change is acceptable', reasonNode ?? node, `${field}.reason`);
      }
      waiver.reason = (reason as string).trim();

      const untilNode = node.get('until', true) as YamlNode | undefined;
      if (untilNode !== undefined) {
        const until = isScalar(untilNode) ? untilNode.value : undefined;
        if (typeof until !== 'string' || !isCalendarDate(until)) {
          fail('must be a date written YYYY-MM-DD', untilNode, `${field}.until`);
        }
        waiver.until = until as string;
      }
      config.waivers.push(waiver);
    });
  }
  return config;
}

/** Reads and parses a config file; a missing or unreadable file is a `CONFIG_INVALID` error naming it. */
export function loadConfig(path: string, options: ParseConfigOptions = {}): PolicyConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new RollgateError('CONFIG_INVALID', `cannot read config: ${reason}`, { file: path });
  }
  return parseConfig(text, path, options);
}

/**
 * Finds `rollgate.yaml` from `cwd` upwards. The search stops after the directory that holds
 * `.git` (the repository root), so a config in a parent project never leaks into this one.
 */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) return undefined;
    dir = parent;
  }
}

/** The config named by `--config`, else the one found from `cwd` upwards, else an empty policy. */
export function resolveConfig(opts: { cwd: string; path?: string }, options: ParseConfigOptions = {}): PolicyConfig {
  if (opts.path !== undefined) return loadConfig(resolve(opts.cwd, opts.path), options);
  const found = findConfig(opts.cwd);
  return found ? loadConfig(found, options) : { rules: {}, waivers: [] };
}

/** True for a real calendar date written `YYYY-MM-DD` (so `2027-02-30` is refused). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

type Fail = (message: string, node?: YamlNode | null, field?: string) => never;

function pairs(map: YAMLMap): Pair[] {
  return map.items as Pair[];
}

function keyOf(pair: Pair, fail: Fail): string {
  const key = pair.key as YamlNode | null;
  if (yaml().isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return fail('keys must be plain strings', key);
}

function isNullScalar(node: YamlNode): boolean {
  return yaml().isScalar(node) && node.value === null;
}

function itemNode(seq: YamlNode, index: number): YamlNode | undefined {
  return yaml().isSeq(seq) ? (seq.items[index] as YamlNode | undefined) : seq;
}

/** A string or a list of strings, as a list; `undefined` when the key is absent. */
function stringList(node: YamlNode | undefined, field: string, fail: Fail): string[] | undefined {
  if (node === undefined) return undefined;
  const { isScalar, isSeq } = yaml();
  if (isScalar(node) && typeof node.value === 'string' && node.value !== '') return [node.value];
  if (!isSeq(node) || node.items.length === 0) return fail('must be a non-empty list of strings', node, field);
  return node.items.map((item, index) => {
    const value = isScalar(item) ? item.value : undefined;
    if (typeof value !== 'string' || value === '') fail('must be a non-empty string', item as YamlNode, `${field}[${index}]`);
    return value as string;
  });
}
