import { describe, expect, it } from 'vitest';
import { layoutGraph, type GraphEdge } from '../../src/ui/graph-layout.js';

const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layoutGraph', () => {
  it('places consumers left of the providers they call', () => {
    const layout = layoutGraph(['A', 'B', 'C'], [
      { from: 'B', to: 'A' },
      { from: 'C', to: 'B' },
    ]);
    const x = Object.fromEntries(layout.nodes.map((n) => [n.name, n.x]));
    expect(x.C).toBeLessThan(x.B!);
    expect(x.B).toBeLessThan(x.A!);
    expect(layout.nodes.map((n) => [n.name, n.layer])).toEqual([
      ['A', 0],
      ['B', 1],
      ['C', 2],
    ]);
  });

  it('uses the longest path, so a consumer of two layers sits left of both', () => {
    const layout = layoutGraph([], [
      { from: 'web', to: 'orders' },
      { from: 'orders', to: 'stock' },
      { from: 'web', to: 'stock' },
    ]);
    const layer = Object.fromEntries(layout.nodes.map((n) => [n.name, n.layer]));
    expect(layer).toEqual({ stock: 0, orders: 1, web: 2 });
  });

  it('gives the same picture whatever the input order', () => {
    const edges: GraphEdge[] = [
      { from: 'b', to: 'a' },
      { from: 'c', to: 'a' },
      { from: 'd', to: 'b' },
      { from: 'd', to: 'e' },
      { from: 'f', to: 'c' },
    ];
    const one = layoutGraph(['a', 'b', 'c', 'd', 'e', 'f', 'g'], edges);
    const two = layoutGraph(['g', 'f', 'e', 'd', 'c', 'b', 'a'], [...edges].reverse());
    expect(two).toEqual(one);
  });

  it('never lets two nodes overlap and keeps them inside the drawing', () => {
    const names = Array.from({ length: 40 }, (_, i) => `service-${String(i).padStart(2, '0')}`);
    const edges = names.slice(1).map((n, i) => ({ from: n, to: names[Math.floor(i / 3)]! }));
    const layout = layoutGraph(names, edges);
    expect(layout.nodes).toHaveLength(40);
    for (const [i, a] of layout.nodes.entries()) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (const b of layout.nodes.slice(i + 1)) expect(overlap(a, b)).toBe(false);
    }
  });

  it('reduces crossings: two independent pairs are drawn side by side, not crossed', () => {
    // Name order alone would put a above b and x above y: a->y and b->x would cross.
    const layout = layoutGraph([], [
      { from: 'a', to: 'y' },
      { from: 'b', to: 'x' },
    ]);
    const y = Object.fromEntries(layout.nodes.map((n) => [n.name, n.y]));
    expect(Math.sign(y.a! - y.b!)).toBe(Math.sign(y.y! - y.x!));
  });

  it('routes an edge that skips a layer around the nodes of that layer', () => {
    // web -> orders -> stock puts orders in the middle column; web -> stock must pass beside it.
    const layout = layoutGraph(['a-mid', 'b-mid', 'c-mid'], [
      { from: 'web', to: 'orders' },
      { from: 'orders', to: 'stock' },
      { from: 'web', to: 'stock' },
      { from: 'a-mid', to: 'stock' },
      { from: 'b-mid', to: 'stock' },
      { from: 'c-mid', to: 'stock' },
    ]);
    const long = layout.edges.find((e) => e.from === 'web' && e.to === 'stock')!;
    const runs = [...long.path.matchAll(/C [\d.]+ [\d.]+, [\d.]+ [\d.]+, ([\d.]+) ([\d.]+) L ([\d.]+) ([\d.]+)/g)].map((m) => m.slice(1).map(Number));
    expect(runs).toHaveLength(1);
    const [x1, y, x2] = runs[0]!;
    const middle = layout.nodes.filter((n) => n.layer === 1);
    expect(middle.map((n) => n.name).sort()).toEqual(['a-mid', 'b-mid', 'c-mid', 'orders']);
    for (const n of middle) {
      expect(n.x).toBe(x1);
      expect(n.x + n.width).toBe(x2);
      // The straight run through the middle column misses every node box there.
      expect(y! < n.y || y! > n.y + n.height).toBe(true);
    }
  });

  it('survives cycles, self-loops and duplicate edges, marking the edge that closes a cycle', () => {
    const layout = layoutGraph(['a'], [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'a' },
      { from: 'a', to: 'a' },
      { from: 'a', to: 'b' },
    ]);
    expect(layout.nodes.map((n) => n.name)).toEqual(['a', 'b', 'c']);
    expect(layout.edges).toHaveLength(3);
    expect(layout.edges.filter((e) => e.back).map((e) => `${e.from}->${e.to}`)).toEqual(['c->a']);
    for (const e of layout.edges) expect(e.path).toMatch(/^M [\d.]+ [\d.]+ C /);
  });

  it('draws each edge from the consumer box to the provider box', () => {
    const layout = layoutGraph([], [{ from: 'B', to: 'A' }]);
    const [a, b] = layout.nodes;
    const [, x1, y1] = /^M ([\d.]+) ([\d.]+)/.exec(layout.edges[0]!.path)!;
    const [, x2, y2] = /([\d.]+) ([\d.]+)$/.exec(layout.edges[0]!.path)!;
    expect(Number(x1)).toBeCloseTo(b!.x + b!.width, 1);
    expect(Number(y1)).toBeCloseTo(b!.y + b!.height / 2, 1);
    expect(Number(x2)).toBeCloseTo(a!.x, 1);
    expect(Number(y2)).toBeCloseTo(a!.y + a!.height / 2, 1);
  });

  it('handles an empty graph and a long chain without recursion limits', () => {
    expect(layoutGraph([], []).nodes).toEqual([]);
    const chain = Array.from({ length: 5000 }, (_, i) => ({ from: `n${i + 1}`, to: `n${i}` }));
    const layout = layoutGraph([], chain, { sweeps: 1 });
    expect(Math.max(...layout.nodes.map((n) => n.layer))).toBe(5000);
  });

  it('sizes boxes to the longest name', () => {
    const short = layoutGraph(['a'], []);
    const long = layoutGraph(['a-service-with-a-rather-long-name'], []);
    expect(long.nodes[0]!.width).toBeGreaterThan(short.nodes[0]!.width);
  });
});
