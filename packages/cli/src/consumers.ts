import { operationKey } from '@rollgate/openapi';
import type { AffectedConsumer, Change, DiffReport, ReportedChange } from '@rollgate/openapi';
import type { EndpointConsumerAnswer, EndpointsAnswer } from './registry-client.js';

export type { AffectedConsumer } from '@rollgate/openapi';

/** A change annotated with the consumers it affects (the `consumers` field of the JSON output). */
export type ConsumerAwareChange = ReportedChange;

// `$.items[*].name` is affected by a change at `$.items` (its ancestor) and at itself; usage
// lists every ancestor of a field read too, so "reads the target or below it" is the test.
function readsAtOrBelow(fields: readonly string[], target: string): boolean {
  return fields.some((field) => field === target || field.startsWith(`${target}.`) || field.startsWith(`${target}[`));
}

function expectsStatus(consumer: EndpointConsumerAnswer, status: string | undefined): boolean {
  if (status === undefined || status === 'default' || consumer.statuses.length === 0) return true;
  const range = /^([1-5])XX$/i.exec(status);
  if (range) return consumer.statuses.some((code) => Math.floor(code / 100) === Number(range[1]));
  return consumer.statuses.includes(Number(status));
}

/**
 * Whether a consumer's recorded usage is touched by a change. Response body changes count only
 * for consumers reading that field (or below it) under that status; everything else on the
 * operation (request shape, parameters, security, removal) counts for every consumer of it,
 * since a consumer that does not send a newly required input breaks as surely as one that does.
 */
export function usesChange(consumer: EndpointConsumerAnswer, change: Change): boolean {
  const target = change.target;
  if (change.direction === 'response' && target?.in === 'body' && target.name !== undefined) {
    // One change may show at several paths of the body (a shared schema): any of them counts.
    const paths = [target.name, ...(target.alsoAt ?? [])];
    return expectsStatus(consumer, target.status) && paths.some((path) => readsAtOrBelow(consumer.responseFields, path));
  }
  if (change.direction === 'response' && target?.status !== undefined) return expectsStatus(consumer, target.status);
  return true;
}

/**
 * Adds `consumers` to every change on an operation with the consumer versions that use what it
 * changes. Warnings get them too: removing an optional field is harmless in general and still
 * breaks the consumer that reads it.
 */
export function annotateConsumers(report: DiffReport, endpoints: EndpointsAnswer): ConsumerAwareChange[] {
  const byKey = new Map(endpoints.endpoints.map((endpoint) => [operationKey(endpoint.method, endpoint.path), endpoint]));
  const changes = report.changes;
  for (const change of changes) {
    if (!change.operation) continue;
    const endpoint = byKey.get(operationKey(change.operation.method, change.operation.path));
    change.consumers = (endpoint?.consumers ?? [])
      .filter((consumer) => usesChange(consumer, change))
      .map(({ service, version, environments }): AffectedConsumer => ({ service, version, environments }));
  }
  return changes;
}

/** True for a breaking change some consumer version uses (`--fail-on breaking-in-use`). */
export function breakingInUse(change: Change): boolean {
  return change.level === 'breaking' && ((change as ConsumerAwareChange).consumers?.length ?? 0) > 0;
}

function usedLine(change: ConsumerAwareChange): string {
  const where = change.target?.in === 'body' && change.target.name ? ` ${change.target.name}` : '';
  const who = change.consumers!.map((consumer) => `${consumer.service} ${consumer.version} [${consumer.environments.join(', ') || 'not deployed'}]`);
  return `  ${change.level} ${change.id} ${change.operation!.method} ${change.operation!.path}${where}: ${who.join('; ')}`;
}

/** The text section listing which consumers each change affects, breaking ones first. */
export function consumersSection(changes: readonly ConsumerAwareChange[], provider: string, version: string | null): string {
  const annotated = changes.filter((change) => !change.waived && change.consumers !== undefined);
  const breaking = annotated.filter((change) => change.level === 'breaking');
  const inUse = breaking.filter((change) => change.consumers!.length > 0);
  const otherInUse = annotated.filter((change) => change.level !== 'breaking' && change.consumers!.length > 0);
  const lines = ['', `Consumers affected (registry usage of ${provider}${version ? ` ${version}` : ''}):`];
  if (inUse.length === 0) lines.push('  no breaking change touches what a known consumer uses');
  lines.push(...inUse.map(usedLine));
  const unused = breaking.length - inUse.length;
  if (unused > 0) lines.push(`  ${unused} breaking change(s) touch nothing a known consumer uses`);
  lines.push(...otherInUse.map(usedLine));
  return `${lines.join('\n')}\n`;
}
