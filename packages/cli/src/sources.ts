import { isAbsolute, relative, resolve, sep } from 'node:path';
import { loadSpec, RollgateError } from '@rollgate/openapi';
import type { LoadedSpec, SpecSource } from '@rollgate/openapi';
import type { CliIo } from './cli.js';

/** Options every command that reads OpenAPI documents takes. */
export interface SourceOptions {
  allowRemoteRefs?: boolean;
  validate?: boolean;
}

/**
 * Loads the base and revision documents. Only one of them may be `-`, since standard input can
 * be read once; both load concurrently (a git read and a file read overlap).
 */
export async function loadPair(cli: CliIo, base: string, revision: string, options: SourceOptions): Promise<[LoadedSpec, LoadedSpec]> {
  if (base === '-' && revision === '-') {
    throw new RollgateError('USAGE', 'only one of <base> and <revision> can be "-" (standard input)');
  }
  const loadOptions = {
    cwd: cli.cwd,
    allowRemoteRefs: options.allowRemoteRefs ?? false,
    validate: options.validate ?? false,
    stdin: () => cli.readStdin(),
  };
  return Promise.all([loadSpec(base, loadOptions), loadSpec(revision, loadOptions)]);
}

/** An absolute path relative to the repository checkout (`GITHUB_WORKSPACE`, else the working directory) when inside it. */
export function toRepositoryPath(cli: CliIo, absolute: string): string {
  const root = cli.env.GITHUB_WORKSPACE ?? cli.cwd;
  const rel = relative(root, absolute);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : absolute.split(sep).join('/');
}

/**
 * The path CI systems know a document by: relative to the repository checkout, with forward
 * slashes. A git source `rev:api/openapi.yaml` names the file at the same path in the checkout.
 */
export function repositoryPath(cli: CliIo, source: SpecSource): string {
  if (source.kind === 'file' && source.path) return toRepositoryPath(cli, source.path);
  if (source.kind === 'git') {
    const file = source.name.slice(source.name.indexOf(':') + 1);
    return file.startsWith('./') || file.startsWith('../') ? toRepositoryPath(cli, resolve(cli.cwd, file)) : file.replace(/^\/+/, '');
  }
  return source.name;
}

/**
 * A function from line to the GitHub address of that line of a document, when running in
 * GitHub Actions: the working tree is `GITHUB_SHA`, a git source is its commit when named by
 * SHA. Undefined elsewhere, or for files outside the repository.
 */
export function githubLineUrl(cli: CliIo, source: SpecSource, file: string): ((line: number) => string) | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: headSha } = cli.env;
  if (!server || !repository || file.startsWith('/') || source.kind === 'stdin' || source.kind === 'text') return undefined;
  const rev = source.kind === 'git' ? source.name.slice(0, source.name.indexOf(':')) : headSha;
  if (!rev || !/^[0-9a-f]{40}$/i.test(rev)) return undefined;
  const path = file.split('/').map(encodeURIComponent).join('/');
  return (line) => `${server}/${repository}/blob/${rev}/${path}#L${line}`;
}
