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
import type { PactDiffFormat, VerifyFormat } from '@rollgate/pact';
import type { Cli } from '../cli.js';
import { EXIT, diagnostic, formatOption } from '../cli.js';
import { writeResult } from '../output.js';
import type { PactText, SourceOptions } from '../sources.js';
import { readPact, repositoryPath, specLoadOptions } from '../sources.js';

interface VerifyOptions extends SourceOptions {
  format: VerifyFormat;
  optionalFieldLevel: 'warning' | 'error';
  output?: string;
}

interface DiffOptions {
  format: PactDiffFormat;
  provider?: string;
  output?: string;
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
        loadSpec(specSource, specLoadOptions(cli, options)),
      ]);
      const parsed = parsePact(pactText.text, pactText.name);
      // Valid, and compatible with anything, but most often a consumer test run that recorded nothing.
      if (parsed.interactions.length === 0 && parsed.unsupported.length === 0) {
        diagnostic(cli, `${pactText.name}: the pact has no interactions, so nothing was checked against the provider`);
      }
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
        options.provider === undefined ? undefined : loadSpec(options.provider, specLoadOptions(cli, {})),
      ]);
      const parse = ({ text, name }: PactText) => parsePact(text, name);
      const diff = diffPacts(parse(oldText), parse(newText), spec ? buildModel(spec) : undefined);
      writeResult(cli, renderPactDiff(diff, options.format), options.output);
    });
}
