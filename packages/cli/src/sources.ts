import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { loadSpec, RollgateError } from '@rollgate/openapi';
import type { LoadedSpec, LoadOptions, SpecSource } from '@rollgate/openapi';
import type { CliIo } from './cli.js';
import { displayPath } from './cli.js';

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
  const loadOptions = specLoadOptions(cli, options);
  return Promise.all([loadSpec(base, loadOptions), loadSpec(revision, loadOptions)]);
}

/** How `loadSpec` reads a command's documents: from the run's working directory and standard input. */
export function specLoadOptions(cli: CliIo, options: SourceOptions): LoadOptions {
  return {
    cwd: cli.cwd,
    allowRemoteRefs: options.allowRemoteRefs ?? false,
    validate: options.validate ?? false,
    stdin: () => cli.readStdin(),
  };
}

/** A pact read from its source, with the name messages use. */
export interface PactText {
  text: string;
  name: string;
  /** Path relative to the repository, for annotations. */
  file: string;
}

/**
 * Reads a pact from a file, standard input (`-`), or a git revision (`origin/main:pacts/web-api.json`),
 * with the same rules and messages as OpenAPI sources.
 */
export async function readPact(cli: CliIo, source: string): Promise<PactText> {
  if (source === '-') return { text: await cli.readStdin(), name: '-', file: '-' };
  const absolute = resolve(cli.cwd, source);
  const info = await stat(absolute).catch(() => undefined);
  if (info?.isFile()) {
    const text = await readFile(absolute, 'utf8').catch((error: unknown) => {
      throw new RollgateError('PACT_UNREADABLE', `${source}: cannot read the file (${(error as Error).message})`, { file: source });
    });
    return { text, name: source, file: repositoryPath(cli, { kind: 'file', name: source, path: absolute }) };
  }
  if (info?.isDirectory()) throw new RollgateError('PACT_UNREADABLE', `${source}: is a directory, not a pact file`, { file: source });
  const revision = /^([^:]+):(.+)$/.exec(source);
  // `C:\pacts\x.json` is a Windows path, not revision `C`.
  if (revision && !/^[A-Za-z]$/.test(revision[1]!)) {
    const text = await readAtRevision(cli, source, revision[1]!, revision[2]!);
    return { text, name: source, file: repositoryPath(cli, { kind: 'git', name: source }) };
  }
  throw new RollgateError('PACT_NOT_FOUND', `${displayPath(cli, source)}: no such file`, { file: source });
}

/**
 * Reads `<rev>:<file>` as the OpenAPI loader reads git sources: the path is relative to the
 * repository root, or to the working directory when it starts with `./` or `../`; a missing
 * revision and a missing path give different messages.
 */
async function readAtRevision(cli: CliIo, source: string, rev: string, file: string): Promise<string> {
  const fail = (message: string): never => {
    throw new RollgateError('GIT_REVISION', `${source}: ${message}`, { file: source });
  };
  const root = (await git(cli.cwd, ['rev-parse', '--show-toplevel']).catch((error: unknown) => fail(`cannot read git revision ${JSON.stringify(rev)}: ${(error as Error).message.trim()}`))).trim();
  await git(cli.cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).catch(() => fail(`git revision ${JSON.stringify(rev)} does not exist`));
  const inRepo = file.startsWith('./') || file.startsWith('../') ? relative(root, resolve(cli.cwd, file)) : file.replace(/^\/+/, '');
  const repoPath = inRepo.split(sep).join('/');
  return git(root, ['show', `${rev}:${repoPath}`]).catch(() => fail(`path ${JSON.stringify(repoPath)} does not exist in git revision ${JSON.stringify(rev)}`));
}

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('git', args, { cwd, maxBuffer: 1 << 30, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr || error.message));
      else resolvePromise(stdout);
    });
  });
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
