import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, deploy, postgresReachable, publishDemo, testRegistry } from './helpers.js';
import type { TestRegistry } from './helpers.js';

interface Blocker {
  consumer: string;
  consumerVersion: string;
  provider: string;
  providerVersion: string;
  method: string;
  path: string;
  code: string;
  message: string;
}

interface RollbackAnswer {
  safe: boolean;
  service: string;
  environment: string;
  from: string | null;
  to: string;
  blockers: Blocker[];
}

const pgUp = await postgresReachable();
if (!pgUp) console.warn('PostgreSQL is not reachable at 127.0.0.1:5432: the PostgreSQL rollback scenarios are skipped');

// The demo system: production runs A 2.0.0 with B 2.0.0 (which uses what A 2.0.0 added), staging
// runs A 2.0.0 with B 1.0.0, legacy still runs A 1.0.0 with B 1.0.0.
for (const dialect of ['sqlite', 'postgres'] as const) {
  describe.skipIf(dialect === 'postgres' && !pgUp)(`rollback and deploy checks (${dialect})`, () => {
    let registry: TestRegistry;
    beforeAll(async () => {
      registry = await testRegistry({ dialect });
      await publishDemo(registry.app);
      for (const [service, version, environment] of [
        ['A', '2.0.0', 'production'],
        ['B', '2.0.0', 'production'],
        ['A', '2.0.0', 'staging'],
        ['B', '1.0.0', 'staging'],
        ['A', '1.0.0', 'legacy'],
        ['B', '1.0.0', 'legacy'],
      ] as const) {
        expect((await deploy(registry.app, service, version, environment)).statusCode).toBe(201);
      }
    });
    afterAll(async () => registry?.close());

    const ask = async (query: string): Promise<{ status: number; answer: RollbackAnswer }> => {
      const response = await registry.app.inject({ method: 'GET', url: `/rollback-check?${query}` });
      return { status: response.statusCode, answer: body<RollbackAnswer>(response) };
    };

    it('refuses A -> 1.0.0 in production, naming B 2.0.0 and the tracking endpoint', async () => {
      const { status, answer } = await ask('service=A&environment=production&to=1.0.0');
      expect(status).toBe(200);
      expect(answer).toMatchObject({ safe: false, service: 'A', environment: 'production', from: '2.0.0', to: '1.0.0' });
      const tracking = answer.blockers.find((blocker) => blocker.path === '/orders/{id}/tracking');
      expect(tracking).toMatchObject({ consumer: 'B', consumerVersion: '2.0.0', provider: 'A', providerVersion: '1.0.0', method: 'GET' });
      expect(tracking?.code).toBeTruthy();
      expect(tracking?.message).toBeTruthy();
      // B 2.0.0 also reads the delivery date that only A 2.0.0 returns.
      expect(answer.blockers.some((blocker) => blocker.path === '/orders/{id}' && /estimatedDelivery/.test(blocker.message))).toBe(true);
      expect(answer.blockers.every((blocker) => blocker.consumer === 'B' && blocker.consumerVersion === '2.0.0')).toBe(true);
    });

    it('allows A -> 1.0.0 in staging, where B 1.0.0 runs', async () => {
      const { status, answer } = await ask('service=A&environment=staging&to=1.0.0');
      expect(status).toBe(200);
      expect(answer).toMatchObject({ safe: true, from: '2.0.0', to: '1.0.0', blockers: [] });
    });

    it('refuses B -> 2.0.0 where A 1.0.0 runs: the version\'s own pacts against the providers there', async () => {
      const { answer } = await ask('service=B&environment=legacy&to=2.0.0');
      expect(answer.safe).toBe(false);
      expect(answer.from).toBe('1.0.0');
      expect(answer.blockers.length).toBeGreaterThan(0);
      for (const blocker of answer.blockers) {
        expect(blocker).toMatchObject({ consumer: 'B', consumerVersion: '2.0.0', provider: 'A', providerVersion: '1.0.0' });
      }
      expect(answer.blockers.map((blocker) => blocker.path)).toContain('/orders/{id}/tracking');

      const same = await registry.app.inject({ method: 'GET', url: '/can-i-deploy?service=B&version=2.0.0&environment=legacy' });
      expect(body(same)).toMatchObject({ deployable: false, service: 'B', version: '2.0.0', environment: 'legacy' });
    });

    it('lets B 2.0.0 deploy where A 2.0.0 runs, and A 1.0.0 deploy nowhere B 2.0.0 runs', async () => {
      const staging = await registry.app.inject({ method: 'GET', url: '/can-i-deploy?service=B&version=2.0.0&environment=staging' });
      expect(body(staging)).toMatchObject({ deployable: true, blockers: [] });
      const production = await registry.app.inject({ method: 'GET', url: '/can-i-deploy?service=A&version=1.0.0&environment=production' });
      expect(body(production)).toMatchObject({ deployable: false });
    });

    it('answers the same from the compat cache on a second ask', async () => {
      const first = await ask('service=A&environment=production&to=1.0.0');
      const second = await ask('service=A&environment=production&to=1.0.0');
      expect(second.answer).toEqual(first.answer);
    });

    it('answers 404 naming an unknown service, version or environment', async () => {
      const cases: [string, RegExp][] = [
        ['service=Z&environment=production&to=1.0.0', /service "Z"/],
        ['service=A&environment=production&to=9.9.9', /version "A@9\.9\.9"/],
        ['service=A&environment=moon&to=1.0.0', /environment "moon"/],
      ];
      for (const [query, message] of cases) {
        const response = await registry.app.inject({ method: 'GET', url: `/rollback-check?${query}` });
        expect(response.statusCode).toBe(404);
        const error = body<{ error: { code: string; message: string } }>(response).error;
        expect(error.code).toBe('NOT_FOUND');
        expect(error.message).toMatch(message);
      }
    });

    it('checks a first deploy to an environment nobody has deployed to yet, naming the providers it will need', async () => {
      const ask = async (query: string) => registry.app.inject({ method: 'GET', url: `/can-i-deploy?${query}` });
      const consumer = await ask('service=B&version=2.0.0&environment=eu-canary');
      expect(consumer.statusCode, consumer.body).toBe(200);
      expect(body(consumer)).toEqual({
        deployable: true,
        service: 'B',
        version: '2.0.0',
        environment: 'eu-canary',
        blockers: [],
        notices: [
          { code: 'environment-empty', message: 'nothing runs in eu-canary yet' },
          {
            code: 'provider-not-deployed',
            message: 'B@2.0.0 has a pact with A, which does not run in eu-canary; A is checked against it when it is deployed there',
          },
        ],
      });
      const provider = await ask('service=A&version=1.0.0&environment=eu-canary');
      expect(body(provider)).toMatchObject({ deployable: true, blockers: [], notices: [{ code: 'environment-empty', message: 'nothing runs in eu-canary yet' }] });

      // Asking does not create the environment: a rollback there still has nothing to go back from.
      const rollback = await registry.app.inject({ method: 'GET', url: '/rollback-check?service=A&environment=eu-canary&to=1.0.0' });
      expect(rollback.statusCode).toBe(404);
      expect(body<{ error: { message: string } }>(rollback).error.message).toBe('unknown environment "eu-canary"');

      // Once the first deployment is recorded the same question is judged against it, not answered from a stale verdict.
      expect((await deploy(registry.app, 'A', '1.0.0', 'eu-canary')).statusCode).toBe(201);
      const after = body<{ deployable: boolean; blockers: Blocker[]; notices: { code: string }[] }>(await ask('service=B&version=2.0.0&environment=eu-canary'));
      expect(after.deployable).toBe(false);
      expect(after.notices.map((notice) => notice.code)).not.toContain('environment-empty');
      expect(after.blockers.map((blocker) => `${blocker.consumer}@${blocker.consumerVersion} ${blocker.method} ${blocker.path}`)).toContain('B@2.0.0 GET /orders/{id}/tracking');
    });

    it('still answers 404 for an unknown service or version in a deploy question, known environment or not', async () => {
      for (const [query, message] of [
        ['service=Z&version=1.0.0&environment=production', 'unknown service "Z"'],
        ['service=A&version=9.9.9&environment=nowhere', 'unknown version "A@9.9.9"'],
      ]) {
        const response = await registry.app.inject({ method: 'GET', url: `/can-i-deploy?${query}` });
        expect(response.statusCode).toBe(404);
        expect(body<{ error: { code: string; message: string } }>(response).error).toEqual({ code: 'NOT_FOUND', message });
      }
    });
  });
}
