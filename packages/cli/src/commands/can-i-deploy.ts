import type { Command } from 'commander';
import type { Cli } from '../cli.js';
import { EXIT } from '../cli.js';
import type { RegistryOptions } from '../registry-client.js';
import { RegistryClient, addRegistryOptions, blockerLines, connection, json, noticeLines } from '../registry-client.js';

interface DeployOptions extends RegistryOptions {
  service: string;
  version: string;
  environment: string;
}

/** `rollgate can-i-deploy`: may a version be deployed to an environment? */
export function register(program: Command, cli: Cli): void {
  addRegistryOptions(
    program
      .command('can-i-deploy')
      .description('ask the registry whether a version may be deployed to an environment (as provider and as consumer)')
      .requiredOption('--service <service>', 'the service to deploy')
      .requiredOption('--version <version>', 'the version to deploy')
      .requiredOption('--environment <environment>', 'where'),
  )
    .addHelpText('after', '\nExit codes: 0 deployable, 1 not deployable (the blockers are printed), 2 bad input or error.')
    .action(async (options: DeployOptions) => {
      const client = new RegistryClient(connection(cli, options));
      const answer = await client.canIDeploy(options.service, options.version, options.environment);
      if (!answer.deployable) cli.exitCode = EXIT.failed;
      if (options.format === 'json') {
        cli.stdout.write(json(answer));
        return;
      }
      const move = `${answer.service} ${answer.version} to ${answer.environment}`;
      const lines = answer.deployable
        ? [`DEPLOYABLE: ${move}`]
        : [`NOT DEPLOYABLE: ${move}: ${answer.blockers.length} blocker(s)`, ...blockerLines(answer.blockers)];
      cli.stdout.write(`${[...lines, ...noticeLines(answer.notices)].join('\n')}\n`);
    });
}
