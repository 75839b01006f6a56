import type { SpecDiff } from '../diff/types.js';
import type { OperationModel, ParameterModel } from '../model/types.js';
import type { OperationDiff, SchemaPair } from '../diff/types.js';
import type { ChangeTarget, OperationRef } from './change.js';
import type { Emit } from './emit.js';

/** Where a schema pair sits, so schema rules know their direction and can name the element. */
export interface SchemaPairSite {
  direction: 'request' | 'response';
  operation: OperationRef;
  target: ChangeTarget;
}

/** What every family check receives: the structural diff, the sink, and the clock for sunset dates. */
export interface CheckContext {
  diff: SpecDiff;
  emit: Emit;
  /** Today, as `YYYY-MM-DD`; sunset dates compare against it. */
  today: string;
  /** Judges a schema pair with the schema rules; a pair without a diff means no change. */
  schema(pair: SchemaPair, site: SchemaPairSite): void;
}

/** The operation as findings name it. */
export function opRef(op: OperationModel): OperationRef {
  return { method: op.method, path: op.path };
}

/** `2xx`-class statuses (`200`, `2XX`) are successes; everything else, `default` included, is not. */
export function isSuccessStatus(status: string): boolean {
  return /^2(\d\d|XX)$/i.test(status);
}

/** A date-like string as `YYYY-MM-DD`, or undefined when it is not one. */
export function isoDay(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ymd = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (ymd) {
    // A day that exists (no 2020-13-45), as written.
    const [year, month, day] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? value.slice(0, 10) : undefined;
  }
  // Other date forms (an HTTP date, as the Sunset header writes it) within years 0 to 9999.
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) return undefined;
  const iso = new Date(parsed).toISOString();
  return /^\d{4}-/.test(iso) ? iso.slice(0, 10) : undefined;
}

/** A parameter that disappeared from one location and appeared, with the same name, in another. */
export interface LocationMove {
  base: ParameterModel;
  revision: ParameterModel;
}

/** Pairs deleted and added parameters by name across locations (names compared case-insensitively). */
export function locationMoves(d: OperationDiff): LocationMove[] {
  const moves: LocationMove[] = [];
  const used = new Set<ParameterModel>();
  for (const base of d.parameters.deleted) {
    const revision = d.parameters.added.find(
      (p) => !used.has(p) && p.in !== base.in && p.name.toLowerCase() === base.name.toLowerCase(),
    );
    if (revision) {
      used.add(revision);
      moves.push({ base, revision });
    }
  }
  return moves;
}
