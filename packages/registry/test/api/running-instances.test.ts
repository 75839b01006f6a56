import { afterEach, describe, expect, it } from 'vitest';
import { body, publishDemo, testRegistry } from './helpers.js';
import type { TestRegistry } from './helpers.js';

let registry: TestRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

interface Answer {
  safe: boolean;
  from: string | null;
  running: { version: string; instance: string | null; deployedAt: string }[];
}

describe('rollback-check with instances running different versions', () => {
  it('keeps `from` as the most recently deployed version and lists every running instance', async () => {
    registry = await testRegistry();
    const { app } = registry;
    await publishDemo(app);
    for (const [version, instance] of [
      ['2.0.0', 'eu-1'],
      ['1.0.0', 'us-1'],
      ['2.0.0', 'ap-1'],
    ] as const) {
      const recorded = await app.inject({ method: 'POST', url: '/deployments', payload: { service: 'A', version, environment: 'production', instance } });
      expect(recorded.statusCode, recorded.body).toBe(201);
    }
    // Another service there, and A elsewhere, are not A's instances in production.
    await app.inject({ method: 'POST', url: '/deployments', payload: { service: 'B', version: '1.0.0', environment: 'production' } });
    await app.inject({ method: 'POST', url: '/deployments', payload: { service: 'A', version: '1.0.0', environment: 'staging' } });

    const response = await app.inject({ method: 'GET', url: '/rollback-check?service=A&environment=production&to=1.0.0' });
    expect(response.statusCode, response.body).toBe(200);
    const answer = body<Answer>(response);
    expect(answer.from).toBe('2.0.0');
    expect(answer.running.map(({ version, instance }) => ({ version, instance }))).toEqual([
      { version: '2.0.0', instance: 'ap-1' },
      { version: '1.0.0', instance: 'us-1' },
      { version: '2.0.0', instance: 'eu-1' },
    ]);
    const times = answer.running.map((entry) => Date.parse(entry.deployedAt));
    expect(times.every((time, index) => index === 0 || time <= times[index - 1]!)).toBe(true);
  });

  it('lists the single unnamed instance with a null instance, and nothing where the service does not run', async () => {
    registry = await testRegistry();
    const { app } = registry;
    await publishDemo(app);
    await app.inject({ method: 'POST', url: '/deployments', payload: { service: 'A', version: '2.0.0', environment: 'production' } });
    await app.inject({ method: 'POST', url: '/deployments', payload: { service: 'B', version: '1.0.0', environment: 'staging' } });

    const production = body<Answer>(await app.inject({ method: 'GET', url: '/rollback-check?service=A&environment=production&to=1.0.0' }));
    expect(production.running).toEqual([{ version: '2.0.0', instance: null, deployedAt: expect.any(String) }]);
    const staging = body<Answer>(await app.inject({ method: 'GET', url: '/rollback-check?service=A&environment=staging&to=1.0.0' }));
    expect(staging).toMatchObject({ from: null, running: [] });
  });
});
