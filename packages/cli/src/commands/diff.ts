import { Option } from 'commander';
import type { Command } from 'commander';
import { BREAKING_IN_USE, DEFAULT_FAIL_ON, DIFF_FORMATS, FAIL_ON_MODES, RollgateError, compareSpecs, gatePredicate, plural, renderDiff, resolveConfig } from '@rollgate/openapi';
import type { DiffFormat, DiffReport, LoadedSpec, PolicyConfig } from '@rollgate/openapi';
import type { Cli } from '../cli.js';
import { EXIT, VERSION, diagnostic, displayPath, formatOption, useColor } from '../cli.js';
import { writeResult } from '../output.js';
import type { SourceOptions } from '../sources.js';
import { githubLineUrl, loadPair, repositoryPath, toRepositoryPath } from '../sources.js';
import { annotateConsumers, breakingInUse, consumersSection } from '../consumers.js';

/** Options of `rollgate diff`. */
interface DiffOptions extends SourceOptions {
  format: DiffFormat;
  failOn: string;
  config?: string;
  output?: string;
  registry?: string;
  service?: string;
  token?: string;
}

/** Help text shared by commands that read two documents. */
export const SOURCE_HELP = `
Sources: a file path (JSON or YAML), "-" for standard input, or "<git revision>:<path>"
(e.g. origin/main:api/openapi.yaml) to read the document from git.`;

/** Adds the options every two-document command shares. */
export function addSourceOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'policy file (default: rollgate.yaml found from the working directory upwards)')
    .option('--allow-remote-refs', 'follow http(s) $refs (off by default)')
    .option('--validate', 'validate both documents against the OpenAPI schema first')
    .option('-o, --output <file>', 'write the report to a file instead of stdout');
}

/**
 * A `--fail-on` option. Commands that know more (which operations consumers use) pass extra
 * modes; the values are checked when the command resolves them to a predicate.
 */
export function failOnOption(extraModes: readonly string[] = []): Option {
  const modes = [...Object.keys(FAIL_ON_MODES), ...extraModes];
  // Commands tell a flag that was given from this default by its value source, so a config
  // file's `failOn` can stand in for a flag that was not given.
  return new Option('--fail-on <level>', 'fail the gate on changes of this level or worse')
    .choices(modes)
    .default(DEFAULT_FAIL_ON, 'failOn from rollgate.yaml, else "breaking"');
}

/**
 * The gate's mode: `--fail-on` when given on the command line, else the config's `failOn`, else
 * the default. `breaking-in-use` needs a service to look up; the error says where it was asked for.
 */
export function resolveFailOn(command: Command, options: { failOn: string; service?: string }, config: PolicyConfig): string {
  const fromFlag = command.getOptionValueSource('failOn') !== 'default';
  const failOn = fromFlag || config.failOn === undefined ? options.failOn : config.failOn;
  if (failOn === BREAKING_IN_USE && options.service === undefined) {
    const source = fromFlag ? '--fail-on breaking-in-use' : 'failOn: breaking-in-use';
    throw new RollgateError('USAGE', `${source} needs --service (and --registry or ROLLGATE_URL) to know what consumers use`, {
      ...(!fromFlag && config.file !== undefined ? { file: config.file } : {}),
      ...(!fromFlag && config.failOnLine !== undefined ? { line: config.failOnLine } : {}),
    });
  }
  return failOn;
}

/** Reports expired waivers on stderr, whatever the format: they need a human's attention. */
export function reportExpiredWaivers(cli: Cli, report: DiffReport): void {
  for (const expired of report.expiredWaivers) {
    const where = expired.file ? `${displayPath(cli, expired.file)}${expired.line ? `:${expired.line}` : ''}: ` : '';
    diagnostic(
      cli,
      `${where}waiver ${JSON.stringify(expired.reason)} expired on ${expired.until} and no longer applies (${plural(expired.matched, 'change')} it covered now ${expired.matched === 1 ? 'counts' : 'count'})`,
    );
  }
}

/** `rollgate diff <base> <revision>`: the CI gate. */
export function register(program: Command, cli: Cli): void {
  const command = program
    .command('diff')
    .description('compare two OpenAPI documents and fail when a change breaks clients')
    .argument('<base>', 'the document clients use today')
    .argument('<revision>', 'the proposed document')
    .addOption(formatOption(DIFF_FORMATS, 'text'))
    .addOption(failOnOption(['breaking-in-use']))
    .option('--registry <url>', 'registry to ask which consumers use what changed (default: $ROLLGATE_URL when --service is given)')
    .option('--service <name>', "the provider's name in the registry; annotates breaking changes with their consumers")
    .option('--token <token>', 'registry bearer token (default: $ROLLGATE_TOKEN)');
  addSourceOptions(command)
    .addHelpText(
      'after',
      `${SOURCE_HELP}

Exit codes: 0 the gate passed, 1 the gate failed, 2 bad input or usage.`,
    )
    .action(async (base: string, revision: string, options: DiffOptions, self: Command) => {
      const config = resolveConfig({ cwd: cli.cwd, ...(options.config !== undefined ? { path: options.config } : {}) });
      const failOn = resolveFailOn(self, options, config);
      const fails = gatePredicate(failOn, { [BREAKING_IN_USE]: breakingInUse });
      const [baseSpec, revisionSpec] = await loadPair(cli, base, revision, options);
      const report = compareSpecs(baseSpec, revisionSpec, { config });
      let consumers = '';
      let consumerSource: { service: string; version: string | null } | undefined;
      if (options.service !== undefined) {
        // Only a run that asks the registry loads its client.
        const { RegistryClient, connection } = await import('../registry-client.js');
        const usage = await new RegistryClient(connection(cli, options)).endpoints(options.service);
        const changes = annotateConsumers(report, usage);
        consumerSource = { service: options.service, version: usage.version };
        if (options.format === 'text') consumers = consumersSection(changes, options.service, usage.version);
      }
      reportExpiredWaivers(cli, report);
      // The config's path in reports is repository-relative, like the documents' (annotations need it so).
      for (const expired of report.expiredWaivers) if (expired.file) expired.file = toRepositoryPath(cli, expired.file);
      if (!report.semver.ok && options.format !== 'text' && options.format !== 'markdown') {
        diagnostic(
          cli,
          `info.version ${report.base.version} to ${report.revision.version} declares ${report.semver.declared}, the changes require ${report.semver.required}`,
        );
      }
      const files = { base: repositoryPath(cli, baseSpec.source), revision: repositoryPath(cli, revisionSpec.source) };
      const baseUrl = githubLineUrl(cli, baseSpec.source, files.base);
      const revisionUrl = githubLineUrl(cli, revisionSpec.source, files.revision);
      const output = renderDiff(report, options.format, {
        fails,
        failOn,
        ...(consumerSource ? { consumers: consumerSource } : {}),
        files,
        ...(files.base === files.revision && (options.format === 'github' || options.format === 'sarif') ? { removedAt: removedAt(report, revisionSpec) } : {}),
        lineUrls: { ...(baseUrl ? { base: baseUrl } : {}), ...(revisionUrl ? { revision: revisionUrl } : {}) },
        color: options.format === 'text' && options.output === undefined && useColor(cli),
        tool: { name: 'rollgate', version: VERSION },
      });
      writeResult(cli, output + consumers, options.output);
      if (report.changes.some(fails)) cli.exitCode = EXIT.failed;
    });
}

/**
 * Lines in the revision for the pointers of changes found only in the base (removals): each the
 * line of the nearest ancestor the revision still has, looked up in one pass.
 */
function removedAt(report: DiffReport, revision: LoadedSpec): (pointer: string) => number | undefined {
  const pointers = [...new Set(report.changes.filter((change) => change.side === 'base').map((change) => change.pointer))];
  const lines = revision.linesOf ? revision.linesOf(pointers) : pointers.map((pointer) => revision.lineOf(pointer));
  const byPointer = new Map(pointers.map((pointer, i) => [pointer, lines[i]]));
  return (pointer) => byPointer.get(pointer);
}
