import semver from 'semver';

/** What ordering a version needs: its string, when it was published, and insertion order. */
export interface VersionKey {
  number: string;
  createdAt: string;
  /** Breaks ties between versions published in the same millisecond. */
  seq: number;
}

/**
 * Sorts a service's versions oldest first.
 *
 * Versions are first laid out by publication time; then the versions that parse as semver are
 * sorted by semver among the places they occupy, while the others keep their places. A service
 * publishing only semver is ordered by semver, one publishing git SHAs by time, and a mixed one
 * keeps its SHAs where they were published without breaking the semver order. The order depends
 * on the whole set, so callers rank a service's full version list, never a subset of it.
 */
export function sortVersions<T>(items: readonly T[], key: (item: T) => VersionKey): T[] {
  const keyed = items.map((item) => ({ item, key: key(item), parsed: semver.parse(key(item).number) }));
  keyed.sort((a, b) => byTime(a.key, b.key));
  const slots: number[] = [];
  const semvers: typeof keyed = [];
  keyed.forEach((entry, index) => {
    if (entry.parsed) {
      slots.push(index);
      semvers.push(entry);
    }
  });
  semvers.sort((a, b) => semver.compareBuild(a.parsed!, b.parsed!) || byTime(a.key, b.key));
  slots.forEach((slot, index) => {
    keyed[slot] = semvers[index]!;
  });
  return keyed.map((entry) => entry.item);
}

/** Each item's position in `sortVersions` order (0 = oldest). */
export function rankVersions<T>(items: readonly T[], key: (item: T) => VersionKey): Map<T, number> {
  return new Map(sortVersions(items, key).map((item, index) => [item, index]));
}

function byTime(a: VersionKey, b: VersionKey): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.seq - b.seq;
}
