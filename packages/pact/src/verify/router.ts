import type { ApiModel, OperationModel } from '@rollgate/openapi';

/** One path template segment: literal text, or a pattern with parameters (`{id}`, `{name}.{ext}`). */
type Segment = { kind: 'literal'; text: string } | { kind: 'param'; source: string; names: string[]; regex: RegExp };

interface Node {
  literals: Map<string, Node>;
  /** Parameter segments by their template text; single-parameter segments sort last (least specific). */
  params: { segment: Extract<Segment, { kind: 'param' }>; node: Node }[];
  /** The template that ends here and its operations by upper-case method. */
  template?: string;
  operations?: Map<string, OperationModel>;
}

/** A path template a concrete path fits, with the raw (decoded) parameter values. */
export interface RouteMatch {
  template: string;
  operations: ReadonlyMap<string, OperationModel>;
  params: Record<string, string>;
  /** The server base path stripped from the concrete path, if any. */
  prefix: string;
}

const routers = new WeakMap<ApiModel, Router>();

/** The router of a model, built once and reused for every pact checked against it. */
export function routerFor(model: ApiModel): Router {
  let router = routers.get(model);
  if (!router) {
    router = new Router(model);
    routers.set(model, router);
  }
  return router;
}

/** Operations indexed by path segments, so a lookup costs the path's depth, not the spec's size. */
export class Router {
  private readonly root: Node = newNode();
  private readonly prefixes: string[];

  constructor(model: ApiModel) {
    for (const op of model.operations) {
      let node = this.root;
      for (const segment of split(op.path).map(parseSegment)) {
        if (segment.kind === 'literal') {
          let next = node.literals.get(segment.text);
          if (!next) node.literals.set(segment.text, (next = newNode()));
          node = next;
        } else {
          let entry = node.params.find((p) => p.segment.source === segment.source);
          if (!entry) {
            entry = { segment, node: newNode() };
            node.params.push(entry);
            // Segments with literal parts (`{name}.json`) are more specific than a bare `{id}`.
            node.params.sort((a, b) => specificity(b.segment) - specificity(a.segment));
          }
          node = entry.node;
        }
      }
      node.template ??= op.path;
      (node.operations ??= new Map()).set(op.method, op);
    }
    // The document's servers, and those a path item or an operation declares for itself.
    const own = model.operations.flatMap((op) => (op.servers ?? []).map((url) => ({ url })));
    this.prefixes = serverPrefixes({ ...model.spec.document, servers: [...serverList(model.spec.document.servers), ...own] });
  }

  /**
   * Templates a concrete path fits, most specific first (literal segments beat parameters).
   * A path under a server base path (`/v1` of `https://api.example.com/v1`) is matched without it.
   */
  match(path: string): RouteMatch[] {
    const clean = stripQuery(path);
    const out: RouteMatch[] = [];
    for (const prefix of this.prefixes) {
      if (clean === prefix || clean.startsWith(`${prefix}/`)) this.collect(clean.slice(prefix.length) || '/', prefix, out);
    }
    this.collect(clean, '', out);
    return out;
  }

  private collect(path: string, prefix: string, out: RouteMatch[]): void {
    const segments = split(path).map(decodeSegment);
    const walk = (node: Node, depth: number, params: Record<string, string>): void => {
      if (out.length >= 16) return;
      if (depth === segments.length) {
        if (node.template && node.operations && !out.some((m) => m.template === node.template)) {
          out.push({ template: node.template, operations: node.operations, params: { ...params }, prefix });
        }
        return;
      }
      const segment = segments[depth]!;
      const literal = node.literals.get(segment);
      if (literal) walk(literal, depth + 1, params);
      for (const { segment: pattern, node: next } of node.params) {
        const match = pattern.regex.exec(segment);
        if (!match) continue;
        const bound = { ...params };
        pattern.names.forEach((name, i) => (bound[name] = match[i + 1]!));
        walk(next, depth + 1, bound);
      }
    };
    walk(this.root, 0, {});
  }
}

function newNode(): Node {
  return { literals: new Map(), params: [] };
}

function split(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.split('/').slice(1);
}

/** A request path without its query string or fragment. */
export function stripQuery(path: string): string {
  const at = path.search(/[?#]/);
  return at === -1 ? path : path.slice(0, at);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parseSegment(text: string): Segment {
  if (!text.includes('{')) return { kind: 'literal', text };
  const names: string[] = [];
  let source = '^';
  let last = 0;
  for (const match of text.matchAll(/\{([^}]*)\}/g)) {
    source += escapeRegex(text.slice(last, match.index));
    names.push(match[1]!);
    // A parameter never spans a `/`; it may be empty only if nothing else is in the segment.
    source += '(.+?)';
    last = match.index + match[0].length;
  }
  source += `${escapeRegex(text.slice(last))}$`;
  return { kind: 'param', source: text.replace(/\{[^}]*\}/g, '{}'), names, regex: new RegExp(source, 's') };
}

function specificity(segment: Extract<Segment, { kind: 'param' }>): number {
  return segment.source.replaceAll('{}', '').length;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function serverList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Path parts of the server URLs (OpenAPI 3) or the base path (Swagger 2), without trailing slash. */
function serverPrefixes(document: Record<string, unknown>): string[] {
  const out = new Set<string>();
  const add = (path: string): void => {
    const trimmed = path.replace(/\/+$/, '');
    if (trimmed.startsWith('/') && trimmed.length > 1) out.add(trimmed);
  };
  if (typeof document.basePath === 'string') add(document.basePath);
  if (Array.isArray(document.servers)) {
    for (const server of document.servers) {
      if (typeof server !== 'object' || server === null) continue;
      const { url, variables } = server as { url?: unknown; variables?: Record<string, { default?: unknown }> };
      if (typeof url !== 'string') continue;
      const filled = url.replace(/\{([^}]+)\}/g, (_, name: string) => String(variables?.[name]?.default ?? ''));
      try {
        add(new URL(filled, 'http://placeholder.invalid').pathname);
      } catch {
        // A server URL that does not parse gives no base path.
      }
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}
