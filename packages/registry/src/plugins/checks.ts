import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { CompatCache } from '../checks/compat.js';
import { checkDeploy } from '../checks/deploy.js';
import type { DeployQuestion, DeployVerdict } from '../checks/deploy.js';

/** The compatibility checks as the routes (JSON API, Pact Broker API, UI) call them. */
export interface Checks {
  /** Verdicts of pacts against specs by content hash, and the parsed provider models. */
  compat: CompatCache;
  /** May `service@version` run in `environment` beside what runs there now? */
  deploy(question: DeployQuestion): Promise<DeployVerdict>;
}

declare module 'fastify' {
  interface FastifyInstance {
    checks: Checks;
  }
}

const checksPlugin: FastifyPluginAsync = async (app) => {
  const cache = new CompatCache(app.store);
  app.decorate('checks', { compat: cache, deploy: (question: DeployQuestion) => checkDeploy(app.store, cache, question) });
};

/** Decorates the app with `checks`, sharing one verdict cache across every route. */
export default fp(checksPlugin, { name: 'rollgate-checks', dependencies: ['rollgate-store'] });
