import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { RollgateError } from '@rollgate/openapi';
import { parsePact } from '@rollgate/pact';
import type { Cli } from '../cli.js';
import { EXIT, displayPath } from '../cli.js';
import type { ErrorAnswer, PublishAnswer, RegistryAnswer, RegistryOptions } from '../registry-client.js';
import { RegistryClient, addRegistryOptions, connection, json } from '../registry-client.js';
import { readPact } from '../sources.js';

interface PublishOptions extends RegistryOptions {
  branch?: string;
  commit?: string;
}

async function readSpecFile(cli: Cli, file: string): Promise<string> {
  try {
    return await readFile(resolve(cli.cwd, file), 'utf8');
  } catch (error) {
    throw new RollgateError('SPEC_UNREADABLE', `${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { file });
  }
}

function versionQuery(options: PublishOptions): string {
  const params = new URLSearchParams();
  if (options.branch) params.set('branch', options.branch);
  if (options.commit) params.set('commit', options.commit);
  const text = params.toString();
  return text ? `?${text}` : '';
}

// 409 is an outcome (the registry kept what it had), so it fails the step with exit 1, not 2.
function report(cli: Cli, options: PublishOptions, what: string, answer: RegistryAnswer<PublishAnswer | ErrorAnswer>): void {
  if (answer.status === 409) {
    const { error } = answer.body as ErrorAnswer;
    if (options.format === 'json') cli.stdout.write(json({ published: false, conflict: true, message: error.message }));
    else cli.stderr.write(`rollgate: ${what} refused: ${error.message}\n`);
    cli.exitCode = EXIT.failed;
    return;
  }
  const body = answer.body as PublishAnswer;
  if (options.format === 'json') {
    cli.stdout.write(json({ published: true, ...body }));
    return;
  }
  const outcome = body.created ? 'published' : 'already published with the same content';
  cli.stdout.write(`${what} ${outcome} (sha256 ${body.hash.slice(0, 12)})\n`);
}

/** `rollgate publish openapi|pact`: sends a contract to the registry. */
export function register(program: Command, cli: Cli): void {
  const publish = program.command('publish').description('publish a provider spec or a consumer pact to the registry');

  addRegistryOptions(
    publish
      .command('openapi')
      .description("publish a provider version's OpenAPI document (JSON or YAML)")
      .argument('<service>', 'the provider')
      .argument('<version>', 'its version')
      .argument('<file>', 'the OpenAPI document')
      .option('--branch <branch>', 'branch the version was built from')
      .option('--commit <sha>', 'commit the version was built from'),
  )
    .addHelpText('after', '\nExit codes: 0 published or already there, 1 different content already published, 2 bad input or error.')
    .action(async (service: string, version: string, file: string, options: PublishOptions) => {
      const client = new RegistryClient(connection(cli, options));
      const text = await readSpecFile(cli, file);
      const contentType = /\.ya?ml$/i.test(file) ? 'application/yaml' : 'application/json';
      const answer = await client.publishOpenApi(service, version, text, contentType, versionQuery(options));
      report(cli, options, `${service} ${version} openapi (${displayPath(cli, resolve(cli.cwd, file))})`, answer);
    });

  addRegistryOptions(
    publish
      .command('pact')
      .description("publish a consumer version's pact; consumer and provider are read from the file")
      .argument('<file>', 'the pact file, "-" or "<git revision>:<path>"')
      .requiredOption('--version <version>', 'the consumer version')
      .option('--branch <branch>', 'branch the version was built from')
      .option('--commit <sha>', 'commit the version was built from'),
  )
    .addHelpText('after', '\nExit codes: 0 published or already there, 1 different content already published, 2 bad input or error.')
    .action(async (file: string, options: PublishOptions & { version: string }) => {
      const client = new RegistryClient(connection(cli, options));
      const { text, name } = await readPact(cli, file);
      const pact = parsePact(text, name);
      const answer = await client.publishPact(pact.consumer, options.version, pact.provider, text, versionQuery(options));
      report(cli, options, `${pact.consumer} ${options.version} pact with ${pact.provider}`, answer);
    });
}
