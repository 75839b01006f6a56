import type { Command } from 'commander';
import { CHANGELOG_FORMATS, compareSpecs, renderChangelog, resolveConfig } from '@rollgate/openapi';
import type { ChangelogFormat } from '@rollgate/openapi';
import type { Cli } from '../cli.js';
import { formatOption } from '../cli.js';
import { writeResult } from '../output.js';
import type { SourceOptions } from '../sources.js';
import { loadPair } from '../sources.js';
import { SOURCE_HELP, addSourceOptions, reportExpiredWaivers } from './diff.js';

/** Options of `rollgate changelog`. */
interface ChangelogOptions extends SourceOptions {
  format: ChangelogFormat;
  config?: string;
  output?: string;
}

/** `rollgate changelog <base> <revision>`: every change, grouped by operation; never fails a gate. */
export function register(program: Command, cli: Cli): void {
  const command = program
    .command('changelog')
    .description('list every change between two OpenAPI documents, grouped by operation')
    .argument('<base>', 'the older document')
    .argument('<revision>', 'the newer document')
    .addOption(formatOption(CHANGELOG_FORMATS, 'text'));
  addSourceOptions(command)
    .addHelpText('after', `${SOURCE_HELP}\n\nExit codes: 0 listed, 2 bad input or usage.`)
    .action(async (base: string, revision: string, options: ChangelogOptions) => {
      const config = resolveConfig({ cwd: cli.cwd, ...(options.config !== undefined ? { path: options.config } : {}) });
      const [baseSpec, revisionSpec] = await loadPair(cli, base, revision, options);
      const report = compareSpecs(baseSpec, revisionSpec, { config });
      reportExpiredWaivers(cli, report);
      writeResult(cli, renderChangelog(report, options.format), options.output);
    });
}
