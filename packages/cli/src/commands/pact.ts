import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { buildModel, jsonLineLocator, loadSpec, RollgateError } from '@rollgate/openapi';
import {
  PACT_DIFF_FORMATS,
  VERIFY_FORMATS,
  diffPacts,
  parsePact,
  renderPactDiff,
  renderVerification,
  verifyPact,
} from '@rollgate/pact';
import type { Pact, PactDiffFormat, VerifyFormat } from '@rollgate/pact';
import type { Cli } from '../cli.js';
import { EXIT, displayPath, formatOption, writeResult } from '../cli.js';
import { repositoryPath } from '../sources.js';

interface VerifyOptions {
  format: VerifyFormat;
  optionalFieldLevel: 'warning' | 'error';
  allowRemoteRefs?: boolean;
  validate?: boolean;
  output?: string;
}

interface DiffOptions {
  format: PactDiffFormat;
  provider?: string;
  output?: string;
}

/** A pact read from its source, with the name messages use. */
interface PactText {
  text: string;
  name: string;
  /** Path relative to the repository, for annotations. */
  file: string;
}

/** `rollgate pact verify` and `rollgate pact diff`. */
export function register(program: Command, cli: Cli): void {
  const pact = program.command('pact').description('check consumer contracts (Pact files) against provider OpenAPI documents');

  pact
    .command('verify')
    .description('check that every HTTP interaction of a pact fits the provider\'s OpenAPI document')
    .argument('<pact>', 'the consumer\'s pact file (v2, v3 or v4), "-" or "<git revision>:<path>"')
    .argument('<openapi>', 'the provider\'s document: a file, "-" or "<git revision>:<path>"')
    .addOption(formatOption(VERIFY_FORMATS, 'text'))
    .addOption(
      new Option('--optional-field-level <level>', 'level of fields the consumer relies on that the provider marks optional or nullable')
        .choices(['warning', 'error'])
        .default('warning'),
    )
    .option('--allow-remote-refs', 'follow http(s) $refs (off by default)')
    .option('--validate', 'validate the OpenAPI document against its schema first')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addHelpText('after', '\nExit codes: 0 compatible, 1 incompatible, 2 bad input or usage.')
    .action(async (pactSource: string, specSource: string, options: VerifyOptions) => {
      if (pactSource === '-' && specSource === '-') {
        throw new RollgateError('USAGE', 'only one of <pact> and <openapi> can be "-" (standard input)');
      }
      const [pactText, spec] = await Promise.all([
        readPact(cli, pactSource),
        loadSpec(specSource, {
          cwd: cli.cwd,
          allowRemoteRefs: options.allowRemoteRefs ?? false,
          validate: options.validate ?? false,
          stdin: () => cli.readStdin(),
        }),
      ]);
      const parsed = parsePact(pactText.text, pactText.name);
      const result = verifyPact(parsed, buildModel(spec), { optionalFieldLevel: options.optionalFieldLevel });
      const pactLine = jsonLineLocator(pactText.text);
      const output = renderVerification(result, options.format, {
        pact: parsed,
        pactFile: pactText.file,
        spec: { source: spec.source.name, title: spec.title, version: spec.version, file: repositoryPath(cli, spec.source) },
        pactLine,
        specLine: (pointer) => spec.lineOf(pointer),
      });
      writeResult(cli, output, options.output);
      if (!result.compatible) cli.exitCode = EXIT.failed;
    });

  pact
    .command('diff')
    .description('list interactions, operations and fields a new version of a pact adds or drops')
    .argument('<old>', 'the previous pact: a file, "-" or "<git revision>:<path>"')
    .argument('<new>', 'the new pact: a file, "-" or "<git revision>:<path>"')
    .addOption(formatOption(PACT_DIFF_FORMATS, 'text'))
    .option('--provider <openapi>', 'the provider\'s document, to key operations by path template')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addHelpText('after', '\nExit codes: 0 done (whatever changed), 2 bad input or usage.')
    .action(async (oldSource: string, newSource: string, options: DiffOptions) => {
      const stdinUsers = [oldSource, newSource, options.provider].filter((s) => s === '-').length;
      if (stdinUsers > 1) throw new RollgateError('USAGE', 'only one source can be "-" (standard input)');
      const [oldText, newText, spec] = await Promise.all([
        readPact(cli, oldSource),
        readPact(cli, newSource),
        options.provider === undefined ? undefined : loadSpec(options.provider, { cwd: cli.cwd, stdin: () => cli.readStdin() }),
      ]);
      const parse = (text: PactText): Pact => parsePact(text.text, text.name);
      const diff = diffPacts(parse(oldText), parse(newText), spec ? buildModel(spec) : undefined);
      writeResult(cli, renderPactDiff(diff, options.format), options.output);
    });
}

/** Reads a pact from a file, standard input, or a git revision (`origin/main:pacts/web-api.json`). */
async function readPact(cli: Cli, source: string): Promise<PactText> {
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
  if (revision && !/^[A-Za-z]$/.test(revision[1]!)) {
    const text = await readPactAtRevision(cli, source, revision[1]!, revision[2]!);
    return { text, name: source, file: repositoryPath(cli, { kind: 'git', name: source }) };
  }
  throw new RollgateError('PACT_NOT_FOUND', `${displayPath(cli, source)}: no such file`, { file: source });
}

/**
 * Reads `<rev>:<file>` as the OpenAPI loader reads git sources: the path is relative to the
 * repository root, or to the working directory when it starts with `./` or `../`; a missing
 * revision and a missing path give different messages.
 */
async function readPactAtRevision(cli: Cli, source: string, rev: string, file: string): Promise<string> {
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
