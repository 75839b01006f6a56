/** An edge from a consumer to the provider whose API it calls. */
export interface GraphEdge {
  from: string;
  to: string;
}

/** A placed node: `layer` 0 holds the services that call nobody (pure providers), drawn on the right. */
export interface PlacedNode {
  name: string;
  layer: number;
  /** Position within the layer, top to bottom. */
  order: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A placed edge as a cubic Bézier path from the consumer's right side to the provider's left side. */
export interface PlacedEdge extends GraphEdge {
  path: string;
  /** True when the edge closes a cycle and was ignored while layering. */
  back: boolean;
  /** Middle of the curve, where a label goes. */
  labelX: number;
  labelY: number;
}

/** The result of `layoutGraph`: positions in SVG user units. */
export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  /** Characters of a label that fit in a node box; `fitLabel` shortens longer ones. */
  labelChars: number;
}

/** Sizes of the drawing; the defaults fit labels of up to 32 characters. */
export interface LayoutOptions {
  nodeHeight?: number;
  columnGap?: number;
  rowGap?: number;
  margin?: number;
  /** Approximate advance of one character of the node label, for sizing node boxes. */
  charWidth?: number;
  /** Characters of the longest label a node box is sized for; longer labels are shortened when drawn. */
  maxLabelChars?: number;
  /** Length in characters of a node's label, when it says more than the name (a version, say). */
  labelLength?: (name: string) => number;
  /** Barycentre sweeps used to reduce crossings. */
  sweeps?: number;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Lays out a dependency graph in layers, deterministically (the same input in any order gives the
 * same picture): consumers left of the providers they call, longest-path layering, long edges
 * routed around the layers they skip, crossings reduced by barycentre sweeps with ties broken by
 * name. Cycles are tolerated.
 */
export function layoutGraph(nodeNames: readonly string[], edgeList: readonly GraphEdge[], options: LayoutOptions = {}): GraphLayout {
  const nodeHeight = options.nodeHeight ?? 36;
  const columnGap = options.columnGap ?? 110;
  const rowGap = options.rowGap ?? 22;
  const margin = options.margin ?? 20;
  const charWidth = options.charWidth ?? 7.6;
  const sweeps = options.sweeps ?? 4;
  const maxLabelChars = options.maxLabelChars ?? 32;
  const labelLength = options.labelLength ?? ((name: string): number => name.length);

  const names = [...new Set([...nodeNames, ...edgeList.flatMap((e) => [e.from, e.to])])].sort(byName);
  const edgeKeys = new Set<string>();
  const edges: GraphEdge[] = [];
  for (const e of [...edgeList].sort((a, b) => byName(a.from, b.from) || byName(a.to, b.to))) {
    const key = `${e.from}\u0000${e.to}`;
    if (e.from === e.to || edgeKeys.has(key)) continue;
    edgeKeys.add(key);
    edges.push({ from: e.from, to: e.to });
  }

  const out = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const e of edges) out.get(e.from)?.push(e.to);

  // Depth-first search in name order finds the edges that close cycles; layering ignores them.
  const back = new Set<string>();
  const state = new Map<string, 1 | 2>();
  for (const root of names) {
    if (state.has(root)) continue;
    const stack: { node: string; next: number }[] = [{ node: root, next: 0 }];
    state.set(root, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const targets = out.get(top.node) ?? [];
      if (top.next < targets.length) {
        const target = targets[top.next++]!;
        const s = state.get(target);
        if (s === 1) back.add(`${top.node}\u0000${target}`);
        else if (s === undefined) {
          state.set(target, 1);
          stack.push({ node: target, next: 0 });
        }
      } else {
        state.set(top.node, 2);
        stack.pop();
      }
    }
  }
  const forward = edges.filter((e) => !back.has(`${e.from}\u0000${e.to}`));

  // Longest path to a sink: a consumer sits one layer left of the furthest-left provider it calls.
  const layer = new Map<string, number>();
  const forwardOut = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const e of forward) forwardOut.get(e.from)?.push(e.to);
  const visit = (node: string): number => {
    const known = layer.get(node);
    if (known !== undefined) return known;
    // Iterative post-order so deep chains cannot overflow the stack.
    const stack: string[] = [node];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const pending = (forwardOut.get(top) ?? []).filter((t) => !layer.has(t));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      if (!layer.has(top)) layer.set(top, Math.max(-1, ...(forwardOut.get(top) ?? []).map((t) => layer.get(t)!)) + 1);
    }
    return layer.get(node)!;
  };
  for (const n of names) visit(n);

  const layerCount = names.length > 0 ? Math.max(...layer.values()) + 1 : 0;
  const layers: string[][] = Array.from({ length: layerCount }, () => []);
  for (const n of names) layers[layer.get(n)!]!.push(n);

  // An edge that spans several layers passes through a placeholder in each layer between, so
  // ordering keeps room for it and it is drawn around the nodes rather than through them.
  const dummyOf = new Map<string, string[]>();
  const chainOut = new Map<string, string[]>(names.map((n) => [n, []]));
  const chainIn = new Map<string, string[]>(names.map((n) => [n, []]));
  const link = (from: string, to: string): void => {
    chainOut.get(from)!.push(to);
    chainIn.get(to)!.push(from);
  };
  for (const e of forward) {
    const top = layer.get(e.from)!;
    const bottom = layer.get(e.to)!;
    let previous = e.from;
    const chain: string[] = [];
    for (let l = top - 1; l > bottom; l--) {
      // A leading NUL sorts placeholders before names and cannot collide with a service name.
      const id = `\u0000${e.from}\u0000${e.to}\u0000${l}`;
      chainOut.set(id, []);
      chainIn.set(id, []);
      layers[l]!.push(id);
      link(previous, id);
      chain.push(id);
      previous = id;
    }
    link(previous, e.to);
    dummyOf.set(`${e.from}\u0000${e.to}`, chain);
  }
  const isDummy = (id: string): boolean => id.startsWith('\u0000');

  const position = new Map<string, number>();
  const renumber = (l: string[]): void => l.forEach((n, i) => position.set(n, i));
  layers.forEach((l) => {
    l.sort(byName);
    renumber(l);
  });
  const reorder = (l: string[], neighbours: (n: string) => string[]): void => {
    const keyed = l.map((n) => {
      const ns = neighbours(n);
      const bary = ns.length === 0 ? position.get(n)! : ns.reduce((sum, m) => sum + position.get(m)!, 0) / ns.length;
      return { n, bary };
    });
    keyed.sort((a, b) => a.bary - b.bary || byName(a.n, b.n));
    l.splice(0, l.length, ...keyed.map((k) => k.n));
    renumber(l);
  };
  for (let s = 0; s < sweeps; s++) {
    // Providers are in lower layers: sweep from the providers outwards, then back.
    for (let i = 1; i < layers.length; i++) reorder(layers[i]!, (n) => chainOut.get(n) ?? []);
    for (let i = layers.length - 2; i >= 0; i--) reorder(layers[i]!, (n) => chainIn.get(n) ?? []);
  }

  const dummyHeight = Math.round(nodeHeight / 3);
  const slot = (id: string): number => (isDummy(id) ? dummyHeight : nodeHeight);
  const span = (l: string[]): number => l.reduce((sum, id) => sum + slot(id), 0) + Math.max(0, l.length - 1) * rowGap;
  // One width for every node keeps the columns straight; a very long name must not widen them all.
  const labelChars = Math.min(maxLabelChars, Math.max(0, ...names.map(labelLength)));
  const nodeWidth = Math.max(90, Math.ceil(labelChars * charWidth) + 28);
  const height = margin * 2 + Math.max(nodeHeight, ...layers.map(span));
  const width = margin * 2 + Math.max(1, layerCount) * nodeWidth + Math.max(0, layerCount - 1) * columnGap;

  const nodes: PlacedNode[] = [];
  const placed = new Map<string, { x: number; y: number; width: number; height: number }>();
  layers.forEach((l, li) => {
    const x = margin + (layerCount - 1 - li) * (nodeWidth + columnGap);
    let y = (height - span(l)) / 2;
    l.forEach((id, order) => {
      const box = { x, y, width: nodeWidth, height: slot(id) };
      placed.set(id, box);
      if (!isDummy(id)) nodes.push({ name: id, layer: li, order, ...box });
      y += slot(id) + rowGap;
    });
  });
  nodes.sort((a, b) => byName(a.name, b.name));

  const round = (v: number): number => Math.round(v * 10) / 10;
  const point = (x: number, y: number): string => `${round(x)} ${round(y)}`;
  const placedEdges: PlacedEdge[] = edges.map((e) => {
    const a = placed.get(e.from)!;
    const b = placed.get(e.to)!;
    const key = `${e.from}\u0000${e.to}`;
    const isBack = back.has(key);
    const x1 = a.x + a.width;
    const y1 = a.y + a.height / 2;
    const x2 = b.x;
    const y2 = b.y + b.height / 2;
    if (isBack) {
      // A back edge points leftwards: bow it out below the nodes so it does not run through them.
      const bend = Math.max(60, Math.abs(x2 - x1) / 2);
      return {
        from: e.from,
        to: e.to,
        back: true,
        path: `M ${point(x1, y1)} C ${point(x1 + bend, y1 + 80)}, ${point(x2 - bend, y2 + 80)}, ${point(x2, y2)}`,
        labelX: round((x1 + x2) / 2),
        labelY: round((y1 + y2) / 2 + 60),
      };
    }
    // Curves between columns with horizontal tangents, straight runs through the placeholders.
    const stops = (dummyOf.get(key) ?? []).map((id) => placed.get(id)!);
    let path = `M ${point(x1, y1)}`;
    let fromX = x1;
    let fromY = y1;
    const curveTo = (toX: number, toY: number): void => {
      const bend = Math.max(30, (toX - fromX) / 2);
      path += ` C ${point(fromX + bend, fromY)}, ${point(toX - bend, toY)}, ${point(toX, toY)}`;
    };
    for (const stop of stops) {
      const cy = stop.y + stop.height / 2;
      curveTo(stop.x, cy);
      path += ` L ${point(stop.x + stop.width, cy)}`;
      fromX = stop.x + stop.width;
      fromY = cy;
    }
    const firstX = stops[0]?.x ?? x2;
    const firstY = stops[0] ? stops[0].y + stops[0].height / 2 : y2;
    curveTo(x2, y2);
    return { from: e.from, to: e.to, back: false, path, labelX: round((x1 + firstX) / 2), labelY: round((y1 + firstY) / 2) };
  });

  return { width: round(width), height: round(height + (back.size > 0 ? 80 : 0)), nodes, edges: placedEdges, labelChars: Math.floor((nodeWidth - 28) / charWidth) };
}

/** A label shortened to `chars` characters with an ellipsis in the middle, keeping both ends, which tell names apart. */
export function fitLabel(label: string, chars: number): string {
  const glyphs = Array.from(label);
  if (glyphs.length <= chars) return label;
  const keep = Math.max(1, chars - 1);
  const head = Math.ceil(keep / 2);
  return `${glyphs.slice(0, head).join('')}…${glyphs.slice(glyphs.length - (keep - head)).join('')}`;
}
