import { it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { openStore } from '../../src/store/index.js';
import { seedDemo } from './registry.js';
it('probe', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'probe-'));
  const real = await openStore(join(dir, 'r.db'));
  const log: string[] = [];
  const store = new Proxy(real, { get(t, p, r) { const v = Reflect.get(t, p, r); return typeof v === 'function' ? (...a: unknown[]) => { log.push(`${String(p)}(${JSON.stringify(a)})`); return v.apply(t, a); } : v; } });
  const app = await buildApp({ store, closeStore: true, logger: false });
  await seedDemo(app);
  for (const url of ['/ui/', '/ui/services/A', '/ui/services/B', '/ui/services/A/diff?from=2.0.0&to=1.0.0', '/ui/services/B/pacts', '/ui/rollback?service=A', '/ui/rollback?service=A&environment=production&to=1.0.0', '/ui/graph', '/ui/graph?environment=production', '/ui/graph?service=A&environment=production&to=1.0.0', '/ui/graph?environment=moon']) {
    for (const round of [1, 2]) {
      log.length = 0;
      const res = await app.inject({ url });
      const counts = new Map<string, number>();
      for (const l of log) counts.set(l, (counts.get(l) ?? 0) + 1);
      console.log(`${url} #${round} ${res.statusCode} calls=${log.length}\n  ` + [...counts].map(([k, n]) => `${n}x ${k.slice(0, 110)}`).join('\n  '));
    }
  }
  await app.close();
});
