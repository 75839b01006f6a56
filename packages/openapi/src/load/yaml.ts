import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode, type Pair } from 'yaml';
import { RollgateError } from '../errors.js';
import { splitPointer } from '../model/pointer.js';
import type { LineLocator } from './lines.js';

// YAML parsing lives apart from the loader so that the `yaml` package loads only for YAML input:
// a JSON document (the large ones usually are) never pays for it.

/** Parses YAML text into a plain document and a line locator over its nodes; syntax errors name the line. */
export function parseYaml(body: string, name: string): { document: unknown; lineOf: LineLocator } {
  const counter = new LineCounter();
  const doc = parseDocument(body, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const line = counter.linePos(error.pos[0]).line;
    const reason = error.message.split('\n')[0];
    throw new RollgateError('SPEC_SYNTAX', `${name}:${line}: invalid YAML: ${reason}`, { file: name, line });
  }
  let document: unknown;
  try {
    document = doc.toJS({ maxAliasCount: 1000 });
  } catch (caught) {
    throw new RollgateError('SPEC_SYNTAX', `${name}: invalid YAML: ${caught instanceof Error ? caught.message : String(caught)}`, { file: name });
  }
  return { document, lineOf: yamlLineLocator(doc, counter) };
}

/** A line locator over a parsed YAML document: walks its nodes along the pointer. */
function yamlLineLocator(doc: Document, counter: LineCounter): LineLocator {
  const mapIndex = new WeakMap<object, Map<string, Pair>>();
  const keyOf = (pair: Pair): string | undefined => {
    const key = pair.key;
    if (isScalar(key)) return String(key.value);
    return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
  };
  return (pointer) => {
    let node: unknown = doc.contents;
    let offset = isNodeWithRange(node) ? node.range[0] : 0;
    for (const token of splitPointer(pointer)) {
      if (isAlias(node)) node = node.resolve(doc);
      let next: unknown;
      let at: number | undefined;
      if (isMap(node)) {
        let pairs = mapIndex.get(node);
        if (!pairs) {
          pairs = new Map();
          for (const item of node.items) {
            const key = isPair(item) ? keyOf(item) : undefined;
            if (key !== undefined && !pairs.has(key)) pairs.set(key, item);
          }
          mapIndex.set(node, pairs);
        }
        const pair = pairs.get(token);
        if (pair) {
          next = pair.value;
          at = isNodeWithRange(pair.key) ? pair.key.range[0] : isNodeWithRange(pair.value) ? pair.value.range[0] : undefined;
        }
      } else if (isSeq(node) && /^\d+$/.test(token)) {
        next = node.items[Number(token)];
        at = isNodeWithRange(next) ? next.range[0] : undefined;
      }
      if (at === undefined) break;
      offset = at;
      node = next;
    }
    return counter.linePos(offset).line;
  };
}

function isNodeWithRange(node: unknown): node is YamlNode & { range: [number, number, number] } {
  return node !== null && typeof node === 'object' && Array.isArray((node as { range?: unknown }).range);
}
