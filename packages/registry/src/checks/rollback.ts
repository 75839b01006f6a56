import { notFound } from '../errors.js';
import type { Blocker, Notice, RunningInstance } from '../schemas.js';
import type { DeployQuestion, DeployVerdict } from './deploy.js';

/** May `service` go back to version `to` in `environment`? */
export interface RollbackQuestion {
  service: string;
  environment: string;
  to: string;
}

/** The answer of `GET /rollback-check`, which the web UI shows and draws as it is. */
export interface RollbackAnswer {
  safe: boolean;
  service: string;
  environment: string;
  /** The version running there now (the newest deployment when several instances differ); null when none. */
  from: string | null;
  to: string;
  blockers: Blocker[];
  notices: Notice[];
  /** Every instance of the service running there now, newest deployment first; `from` names one version. */
  running: RunningInstance[];
}

/**
 * Shapes the deploy check's verdict on the target version into the rollback answer. A rollback
 * goes back from something running in the environment, so an environment that does not exist
 * is a 404 here, where a deploy question accepts it.
 */
export function rollbackAnswer(question: RollbackQuestion, verdict: DeployVerdict): RollbackAnswer {
  const { service, environment, to } = question;
  if (!verdict.environmentKnown) throw notFound('environment', environment);
  return {
    safe: verdict.blockers.length === 0,
    service,
    environment,
    from: verdict.running[0] ?? null,
    to,
    blockers: verdict.blockers,
    notices: verdict.notices,
    running: verdict.instances,
  };
}

/**
 * Answers the rollback question: a rollback is a deploy of the older version, so it asks the
 * deploy check (both directions) and shapes its verdict. Every caller (the JSON route, the UI's
 * rollback page and its graph) goes through here, so they cannot drift apart.
 */
export async function checkRollback(
  checks: { deploy(question: DeployQuestion): Promise<DeployVerdict> },
  question: RollbackQuestion,
): Promise<RollbackAnswer> {
  const verdict = await checks.deploy({ service: question.service, version: question.to, environment: question.environment });
  return rollbackAnswer(question, verdict);
}
