import { Command, CommanderError } from 'commander';
import { isRollgateError } from '@rollgate/openapi';
import type { Cli, CliIo } from './cli.js';
import { EXIT, VERSION, formatRollgateError, processIo } from './cli.js';
import * as changelog from './commands/changelog.js';
import * as diff from './commands/diff.js';
import * as pact from './commands/pact.js';
import * as rules from './commands/rules.js';
import * as serve from './commands/serve.js';
import * as publish from './commands/publish.js';
import * as recordDeployment from './commands/record-deployment.js';
import * as rollbackCheck from './commands/rollback-check.js';
import * as canIDeploy from './commands/can-i-deploy.js';
import * as services from './commands/services.js';
import * as endpoints from './commands/endpoints.js';

export { EXIT } from './cli.js';

/** A command module: `src/commands/<name>.ts` exports `register`, which adds its command to the program. */
export interface CommandModule {
  register(program: Command, cli: Cli): void;
}

/** Every command, in the order `--help` lists them. A new command is one import and one line here. */
const COMMANDS: readonly CommandModule[] = [
  diff,
  changelog,
  pact,
  rules,
  serve,
  publish,
  recordDeployment,
  rollbackCheck,
  canIDeploy,
  services,
  endpoints,
];

/** Builds the `rollgate` program for one run; commands report their exit code through `cli`. */
export function buildProgram(cli: Cli = { ...processIo(), exitCode: EXIT.ok }): Command {
  const program = new Command('rollgate')
    .description('API compatibility and breaking-change gate')
    .version(VERSION, '-V, --version', 'print the version')
    // Root options only before the command name, so commands can take their own `--version`.
    .enablePositionalOptions()
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => cli.stdout.write(text),
      writeErr: (text) => cli.stderr.write(text),
    });
  program.helpCommand('help [command]', 'show help for a command');
  for (const command of COMMANDS) command.register(program, cli);
  return program;
}

/**
 * Runs the CLI on `process.argv`-style arguments and returns the exit code instead of exiting,
 * so tests can call it in-process: 0 ok, 1 gate failed, 2 bad input or usage.
 */
export async function run(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const cli: Cli = { ...processIo(), ...io, exitCode: EXIT.ok };
  const program = buildProgram(cli);
  try {
    await program.parseAsync([...argv]);
    return cli.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (isRollgateError(error)) {
      cli.stderr.write(`rollgate: ${formatRollgateError(cli, error)}\n`);
      return EXIT.badInput;
    }
    throw error;
  }
}
