import { Command, CommanderError, Help } from 'commander';
import type { Cli, CliIo } from './cli.js';
import { EXIT, VERSION, formatRollgateError, processIo } from './cli.js';

export { EXIT } from './cli.js';

/** A command module: `src/commands/<name>.ts` exports `register`, which adds its command to the program. */
export interface CommandModule {
  register(program: Command, cli: Cli): void;
}

/** A command as the root help lists it, and the module that defines it. */
interface CommandEntry {
  name: string;
  /** What the root help prints after the name: `[options]` when it has options, then its arguments. */
  usage: string;
  description: string;
  load: () => Promise<CommandModule>;
}

/**
 * Every command, in the order `--help` lists them. A module loads only when its command runs, so
 * `rollgate diff` never pays for the registry's server and database drivers, and `--version` or
 * the root help load none: they need only the name, usage and description kept here, which a
 * test compares with each module's own definition.
 */
const COMMANDS: readonly CommandEntry[] = [
  { name: 'diff', usage: '[options] <base> <revision>', description: 'compare two OpenAPI documents and fail when a change breaks clients', load: () => import('./commands/diff.js') },
  { name: 'changelog', usage: '[options] <base> <revision>', description: 'list every change between two OpenAPI documents, grouped by operation', load: () => import('./commands/changelog.js') },
  { name: 'pact', usage: '', description: 'check consumer contracts (Pact files) against provider OpenAPI documents', load: () => import('./commands/pact.js') },
  { name: 'rules', usage: '[options]', description: 'print the rule catalog: IDs, default levels, and why each change matters', load: () => import('./commands/rules.js') },
  { name: 'serve', usage: '[options]', description: 'run the contract registry (HTTP API, checks, metrics)', load: () => import('./commands/serve.js') },
  { name: 'publish', usage: '', description: 'publish a provider spec or a consumer pact to the registry', load: () => import('./commands/publish.js') },
  { name: 'record-deployment', usage: '[options]', description: 'record that a version of a service now runs in an environment (ending the previous one)', load: () => import('./commands/record-deployment.js') },
  { name: 'rollback-check', usage: '[options]', description: 'ask the registry whether a service may roll back to a version in an environment', load: () => import('./commands/rollback-check.js') },
  { name: 'can-i-deploy', usage: '[options]', description: 'ask the registry whether a version may be deployed to an environment (as provider and as consumer)', load: () => import('./commands/can-i-deploy.js') },
  { name: 'services', usage: '[options]', description: 'list the services in the registry and where each runs', load: () => import('./commands/services.js') },
  { name: 'endpoints', usage: '[options] <service>', description: "list a provider's endpoints with the consumers (versions, environments, fields) using each", load: () => import('./commands/endpoints.js') },
];

/** The command a run names: its first operand (root options come before it), or the one `help` is asked about. */
function namedCommand(argv: readonly string[]): string | undefined {
  const operands = argv.slice(2).filter((arg) => !arg.startsWith('-'));
  return operands[0] === 'help' ? operands[1] : operands[0];
}

/**
 * Builds the `rollgate` program for one run; commands report their exit code through `cli`. Given
 * the run's `process.argv`-style arguments, only the command they name is defined in full; the
 * others are listed by name and description, which is all the root help and commander's "did you
 * mean" suggestions use. Without `argv`, every command is defined in full.
 */
export async function buildProgram(cli: Cli = { ...processIo(), exitCode: EXIT.ok }, argv?: readonly string[]): Promise<Command> {
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
  const listedOnly = new Map<Command, CommandEntry>();
  program.configureHelp({
    // A command listed by name has no options or arguments of its own; the help shows the usage it will have.
    subcommandTerm(command) {
      const entry = listedOnly.get(command);
      return entry ? `${entry.name}${entry.usage ? ` ${entry.usage}` : ''}` : Help.prototype.subcommandTerm.call(this, command);
    },
  });
  const name = argv === undefined ? undefined : namedCommand(argv);
  for (const entry of COMMANDS) {
    if (argv === undefined || entry.name === name) (await entry.load()).register(program, cli);
    else listedOnly.set(program.command(entry.name).description(entry.description), entry);
  }
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
    // Loaded here rather than at start-up, which `--version` and help then skip: any command that
    // can throw the library's errors has loaded it already.
    const { isRollgateError } = await import('@rollgate/openapi');
    if (isRollgateError(error)) {
      cli.stderr.write(`rollgate: ${formatRollgateError(cli, error)}\n`);
      return EXIT.badInput;
    }
    throw error;
  }
}
