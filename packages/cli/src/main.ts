import { Command, CommanderError } from 'commander';
import { isRollgateError } from '@rollgate/openapi';
import type { Cli, CliIo } from './cli.js';
import { EXIT, VERSION, formatRollgateError, processIo } from './cli.js';

export { EXIT } from './cli.js';

/** A command module: `src/commands/<name>.ts` exports `register`, which adds its command to the program. */
export interface CommandModule {
  register(program: Command, cli: Cli): void;
}

/**
 * Every command by name, in the order `--help` lists them. A new command is one line here. Each
 * module loads only when its command runs (or for help), so `rollgate diff` never pays for the
 * registry's server and database drivers at start-up.
 */
const COMMANDS: readonly (readonly [name: string, load: () => Promise<CommandModule>])[] = [
  ['diff', () => import('./commands/diff.js')],
  ['changelog', () => import('./commands/changelog.js')],
  ['pact', () => import('./commands/pact.js')],
  ['rules', () => import('./commands/rules.js')],
  ['serve', () => import('./commands/serve.js')],
  ['publish', () => import('./commands/publish.js')],
  ['record-deployment', () => import('./commands/record-deployment.js')],
  ['rollback-check', () => import('./commands/rollback-check.js')],
  ['can-i-deploy', () => import('./commands/can-i-deploy.js')],
  ['services', () => import('./commands/services.js')],
  ['endpoints', () => import('./commands/endpoints.js')],
];

/**
 * The command modules a run needs: only the named command's when the first argument names one
 * (root options come before it), otherwise all of them, for help and for commander's suggestions.
 */
async function commandModules(argv: readonly string[]): Promise<CommandModule[]> {
  const name = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const chosen = COMMANDS.filter(([command]) => command === name);
  return Promise.all((chosen.length > 0 ? chosen : COMMANDS).map(([, load]) => load()));
}

/**
 * Builds the `rollgate` program for one run; commands report their exit code through `cli`. Given
 * the run's `process.argv`-style arguments, it registers only the command they name.
 */
export async function buildProgram(cli: Cli = { ...processIo(), exitCode: EXIT.ok }, argv: readonly string[] = []): Promise<Command> {
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
  for (const command of await commandModules(argv)) command.register(program, cli);
  return program;
}

/**
 * Runs the CLI on `process.argv`-style arguments and returns the exit code instead of exiting,
 * so tests can call it in-process: 0 ok, 1 gate failed, 2 bad input or usage.
 */
export async function run(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const cli: Cli = { ...processIo(), ...io, exitCode: EXIT.ok };
  const program = await buildProgram(cli, argv);
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
