import fp from 'fastify-plugin';
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import { RevisionCache } from '../checks/cache.js';
import { CompatCache } from '../checks/compat.js';
import { checkDeploy } from '../checks/deploy.js';
import type { DeployQuestion, DeployVerdict } from '../checks/deploy.js';
import { warmVerdicts } from '../checks/precompute.js';
import type { WarmEvent } from '../checks/precompute.js';
import type { Store } from '../store/types.js';

/** The compatibility checks as the routes (JSON API, Pact Broker API, UI) call them. */
export interface Checks {
  /** Verdicts of pacts against specs by content hash, and the parsed provider models. */
  compat: CompatCache;
  /** Answers derived from the store, valid for one store revision. */
  answers: RevisionCache;
  /** May `service@version` run in `environment` beside what runs there now? The verdict is shared: do not mutate it. */
  deploy(question: DeployQuestion): Promise<DeployVerdict>;
  /**
   * After a publication or deployment, stores the verdicts the next checks will want (a bounded
   * number). Never fails the write it follows: a failure is logged and the verdicts are computed
   * when asked for instead.
   */
  warm(event: WarmEvent, log: FastifyBaseLogger): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    checks: Checks;
  }
}

/** Options of `createChecks`. */
export interface ChecksOptions {
  /** Compute verdicts ahead after writes (`warm`); default true. */
  precompute?: boolean;
}

/**
 * The checks over a store: one verdict cache and one answer cache, shared by every caller. A
 * repeated question costs one revision read while nothing has been written since it was answered.
 */
export function createChecks(store: Store, options: ChecksOptions = {}): Checks {
  const precompute = options.precompute ?? true;
  const compat = new CompatCache(store);
  const answers = new RevisionCache(store);
  return {
    compat,
    answers,
    async deploy(question) {
      const snapshot = await answers.snapshot();
      const key = `deploy\u0000${question.service}\u0000${question.version}\u0000${question.environment}`;
      try {
        return await snapshot.memo(key, async () => frozen(await checkDeploy(store, compat, question, (k, compute) => snapshot.memo(k, compute))));
      } finally {
        // Publishing needs one more revision read; a failure there only loses the cache entry.
        await snapshot.end().catch(() => {});
      }
    },
    async warm(event, log) {
      if (!precompute) return;
      try {
        const judged = await warmVerdicts(store, compat, event);
        if (judged > 0) log.debug({ ...event, judged }, 'verdicts computed ahead');
      } catch (error) {
        log.warn({ ...event, err: error }, 'computing verdicts ahead failed');
      }
    },
  };
}

// A verdict is shared by every request asking the same question at one revision: a caller that
// modified it would change other answers, so it fails loudly instead.
function frozen(verdict: DeployVerdict): DeployVerdict {
  for (const list of [verdict.blockers, verdict.notices, verdict.running, verdict.instances] as unknown[][]) {
    for (const item of list) Object.freeze(item);
    Object.freeze(list);
  }
  return Object.freeze(verdict);
}

const checksPlugin: FastifyPluginAsync<ChecksOptions> = async (app, options) => {
  app.decorate('checks', createChecks(app.store, options));
};

/** Decorates the app with `checks`, sharing one verdict cache across every route. */
export default fp(checksPlugin, { name: 'rollgate-checks', dependencies: ['rollgate-store'] });
