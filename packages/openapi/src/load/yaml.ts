import {
  CORE_SCHEMA,
  constructFromEvents,
  EVENT_ALIAS,
  EVENT_MAPPING,
  EVENT_POP,
  EVENT_SCALAR,
  EVENT_SEQUENCE,
  getScalarValue,
  load,
  mergeTag,
  parseEvents,
  SCALAR_STYLE_FOLDED_BLOCK,
  SCALAR_STYLE_LITERAL_BLOCK,
  SCALAR_STYLE_PLAIN,
  YAMLException,
  type Event,
  type ScalarEvent,
} from 'js-yaml';
import { RollgateError } from '../errors.js';
import { splitPointer } from '../model/pointer.js';
import { lineAt, type LineLocator } from './lines.js';

// YAML parsing lives apart from the loader so that the YAML library loads only for YAML input: a
// JSON document (the large ones usually are) never pays for it. js-yaml's event parser reads the
// text once into a flat list of events that carry source offsets; the document is constructed
// from those events, and the line locator walks the same events, so no second parse and no tree
// of nodes is built (about 8 times faster than a document model on a 10 MB description).

/**
 * Nodes a document may expand to through its aliases. js-yaml shares an aliased node rather than
 * copying it, but whatever walks the document (every reader of a spec does) meets it once per
 * alias, so aliases of aliases (the "billion laughs") would make a small file an endless walk.
 */
const MAX_EXPANDED_NODES = 10_000_000;

/**
 * YAML 1.2's core schema, plus the merge key (`<<: *base`) that YAML 1.1 had and that OpenAPI
 * documents use to share parts of mappings: without it `<<` would read as a property of that name.
 */
const SCHEMA = CORE_SCHEMA.withTags(mergeTag);

/** Parses YAML text into a plain document and a line locator; syntax errors name the line. */
export function parseYaml(body: string, name: string): { document: unknown; lineOf: LineLocator } {
  let events: Event[];
  let documents: unknown[];
  try {
    events = parseEvents(body, { filename: name, maxDepth: 1000 });
    documents = constructFromEvents(events, { source: body, filename: name, schema: SCHEMA });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const line = error.mark ? error.mark.line + 1 : undefined;
    const where = line !== undefined ? `${name}:${line}` : name;
    throw new RollgateError('SPEC_SYNTAX', `${where}: invalid YAML: ${error.reason}`, line !== undefined ? { file: name, line } : { file: name });
  }
  if (documents.length !== 1) {
    throw new RollgateError('SPEC_SYNTAX', `${name}: invalid YAML: the text holds ${documents.length} documents, and a spec is one`, { file: name });
  }
  const structure = indexEvents(body, events);
  if (structure.expanded > MAX_EXPANDED_NODES) {
    throw new RollgateError(
      'SPEC_SYNTAX',
      `${name}: invalid YAML: its aliases expand the document to more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} nodes`,
      { file: name },
    );
  }
  const document = documents[0];
  keepVersionsAsWritten(body, events, structure, document);
  return { document, lineOf: eventLineLocator(body, events, structure) };
}

/**
 * Version fields are strings; written unquoted (`version: 1.10`, `openapi: 3.0`), YAML reads
 * numbers, and 1.10 would become 1.1. Such a field keeps the text as written.
 */
function keepVersionsAsWritten(text: string, events: Event[], structure: Structure, document: unknown): void {
  if (!isMapping(document)) return;
  const root = events.findIndex((e) => e.type === EVENT_MAPPING);
  if (root === -1) return;
  const valueOf = (map: number, key: string): number | undefined => {
    const after = (i: number): number => (events[i]!.type === EVENT_MAPPING || events[i]!.type === EVENT_SEQUENCE ? structure.ends[i]! + 1 : i + 1);
    for (let k = map + 1; k < structure.ends[map]!; k = after(after(k))) {
      const event = events[k]!;
      if (event.type === EVENT_SCALAR && getScalarValue(text, event) === key) return k + 1;
    }
    return undefined;
  };
  const written = (at: number | undefined): string | undefined => {
    const event = at === undefined ? undefined : events[at];
    return event?.type === EVENT_SCALAR && event.style === SCALAR_STYLE_PLAIN ? getScalarValue(text, event) : undefined;
  };
  for (const key of ['openapi', 'swagger']) {
    const raw = typeof document[key] === 'number' ? written(valueOf(root, key)) : undefined;
    if (raw !== undefined) document[key] = raw;
  }
  const info = document.info;
  const infoAt = valueOf(root, 'info');
  if (isMapping(info) && typeof info.version === 'number' && infoAt !== undefined && events[infoAt]!.type === EVENT_MAPPING) {
    const raw = written(valueOf(infoAt, 'version'));
    if (raw !== undefined) info.version = raw;
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the locator needs beyond the events: where each collection ends and what each alias names. */
interface Structure {
  /** For a mapping or sequence event, the index of the event that closes it. */
  ends: Int32Array;
  /** For an alias event, the index of the node it names (the latest one with that anchor before it). */
  targets: Map<number, number>;
  /** How many nodes the document has with every alias expanded. */
  expanded: number;
}

function anchorOf(text: string, event: { anchorStart: number; anchorEnd: number }): string | undefined {
  return event.anchorStart >= 0 ? text.slice(event.anchorStart, event.anchorEnd) : undefined;
}

/** One pass over the events: collection ends, alias targets, and the expanded node count. */
function indexEvents(text: string, events: Event[]): Structure {
  const ends = new Int32Array(events.length);
  const targets = new Map<number, number>();
  // Expanded size of each finished node, by event index; 0 while a collection is still open.
  const sizes = new Float64Array(events.length);
  // The latest node defined with each anchor name: an alias names the latest one before it.
  const anchors = new Map<string, number>();
  const open: number[] = [];
  const partial: number[] = [];
  let expanded = 0;
  const add = (size: number): void => {
    if (partial.length > 0) partial[partial.length - 1]! += size;
    else expanded += size;
  };
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    switch (event.type) {
      case EVENT_MAPPING:
      case EVENT_SEQUENCE: {
        const anchor = anchorOf(text, event);
        if (anchor !== undefined) anchors.set(anchor, i);
        open.push(i);
        partial.push(1);
        break;
      }
      case EVENT_SCALAR: {
        const anchor = anchorOf(text, event);
        if (anchor !== undefined) anchors.set(anchor, i);
        sizes[i] = 1;
        add(1);
        break;
      }
      case EVENT_ALIAS: {
        const target = anchors.get(anchorOf(text, event) ?? '');
        if (target !== undefined) targets.set(i, target);
        // An alias inside the node it names (still open) counts once.
        add(target !== undefined && sizes[target]! > 0 ? sizes[target]! : 1);
        break;
      }
      case EVENT_POP: {
        const start = open.pop();
        if (start === undefined) break;
        ends[start] = i;
        const size = partial.pop()!;
        sizes[start] = size;
        add(size);
        break;
      }
      default:
        break;
    }
  }
  return { ends, targets, expanded };
}

/** Offset where a node starts, as a line locator reports it: a block scalar at its `|` or `>`. */
function nodeStart(text: string, event: Event): number {
  switch (event.type) {
    case EVENT_MAPPING:
    case EVENT_SEQUENCE:
      return event.start;
    case EVENT_SCALAR: {
      if (event.style === SCALAR_STYLE_LITERAL_BLOCK || event.style === SCALAR_STYLE_FOLDED_BLOCK) {
        return Math.max(text.lastIndexOf('|', event.valueStart), text.lastIndexOf('>', event.valueStart));
      }
      return event.valueStart;
    }
    case EVENT_ALIAS:
      return event.anchorStart - 1;
    default:
      return -1;
  }
}

/** Plain scalars that the core schema reads as something other than a string. */
const NOT_A_STRING = /^(?:[-+]?(?:\.?[0-9]|\.(?:inf|Inf|INF)|0[ox])|\.(?:nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$|^[-+]?[0-9.]/;

/** The key a scalar event makes in the constructed document: its text, or the text of the value the core schema reads. */
function keyText(text: string, event: ScalarEvent): string {
  const raw = getScalarValue(text, event);
  if (event.style !== SCALAR_STYLE_PLAIN || raw === '' || !NOT_A_STRING.test(raw)) return raw;
  try {
    return String(load(raw, { schema: CORE_SCHEMA }));
  } catch {
    return raw;
  }
}

/**
 * A line locator over the events: follows a pointer through mappings (by key, first occurrence)
 * and sequences (by index), through aliases to the nodes they name, and reports the line of the
 * deepest node found: a mapping entry at its key, a sequence item at its start.
 */
function eventLineLocator(text: string, events: Event[], structure: Structure): LineLocator {
  const { ends } = structure;
  const keys = new Map<number, Map<string, { key: number; value: number }>>();
  let lineStarts: Int32Array | undefined;
  /** The index of the event after the node at `i`. */
  const after = (i: number): number => {
    const type = events[i]!.type;
    return type === EVENT_MAPPING || type === EVENT_SEQUENCE ? ends[i]! + 1 : i + 1;
  };
  const entries = (map: number): Map<string, { key: number; value: number }> => {
    let index = keys.get(map);
    if (index === undefined) {
      index = new Map();
      for (let k = map + 1; k < ends[map]!; ) {
        const value = after(k);
        const key = events[k]!;
        if (key.type === EVENT_SCALAR) {
          const name = keyText(text, key);
          if (!index.has(name)) index.set(name, { key: k, value });
        }
        k = after(value);
      }
      keys.set(map, index);
    }
    return index;
  };
  const lineOf = (offset: number): number => {
    if (lineStarts === undefined) {
      const starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      lineStarts = Int32Array.from(starts);
    }
    return lineAt(lineStarts, offset);
  };
  // The document's root node follows its document event.
  const root = events.findIndex((e) => e.type === EVENT_MAPPING || e.type === EVENT_SEQUENCE || e.type === EVENT_SCALAR || e.type === EVENT_ALIAS);
  return (pointer) => {
    if (root === -1) return undefined;
    let node = root;
    let offset = nodeStart(text, events[root]!);
    for (const token of splitPointer(pointer)) {
      const target = events[node]!.type === EVENT_ALIAS ? structure.targets.get(node) : node;
      if (target === undefined) break;
      const event = events[target]!;
      let next = -1;
      let at = -1;
      if (event.type === EVENT_MAPPING) {
        const entry = entries(target).get(token);
        if (entry) {
          next = entry.value;
          at = nodeStart(text, events[entry.key]!);
        }
      } else if (event.type === EVENT_SEQUENCE && /^\d+$/.test(token)) {
        let k = target + 1;
        for (let n = Number(token); n > 0 && k < ends[target]!; n--) k = after(k);
        if (k < ends[target]!) {
          next = k;
          at = nodeStart(text, events[k]!);
        }
      }
      if (at < 0) break;
      offset = at;
      node = next;
    }
    return offset < 0 ? undefined : lineOf(offset);
  };
}
