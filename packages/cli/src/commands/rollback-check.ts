import type { Command } from 'commander';
import type { Cli } from '../cli.js';
import { EXIT } from '../cli.js';
import type { RegistryOptions } from '../registry-client.js';
import { RegistryClient, addRegistryOptions, blockerLines, connection, json, noticeLines } from '../registry-client.js';

interface RollbackOptions extends RegistryOptions {
  service: string;
  environment: string;
  to: string;
}

/** `rollgate rollback-check`: may a service go back to an earlier version in an environment? */
export function register(program: Command, cli: Cli): void {
  addRegistryOptions(
    program
      .command('rollback-check')
      .description('ask the registry whether a service may roll back to a version in an environment')
      .requiredOption('--service <service>', 'the service to roll back')
      .requiredOption('--environment <environment>', 'where')
      .requiredOption('--to <version>', 'the version to go back to'),
  )
    .addHelpText('after', '\nExit codes: 0 safe, 1 refused (the blockers are printed), 2 bad input or error.')
    .action(async (options: RollbackOptions) => {
      const client = new RegistryClient(connection(cli, options));
      const answer = await client.rollbackCheck(options.service, options.environment, options.to);
      if (!answer.safe) cli.exitCode = EXIT.failed;
      if (options.format === 'json') {
        cli.stdout.write(json(answer));
        return;
      }
      const move = `${answer.service} ${answer.from ?? '(not running)'} -> ${answer.to} in ${answer.environment}`;
      const lines = answer.safe
        ? [`SAFE: rollback ${move}`]
        : [`REFUSED: rollback ${move}: ${answer.blockers.length} blocker(s)`, ...blockerLines(answer.blockers)];
      cli.stdout.write(`${[...lines, ...noticeLines(answer.notices)].join('\n')}\n`);
    });
}
