import { Command, CommanderError } from 'commander';
import { isRollgateError } from '@rollgate/openapi';

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

/** Builds the `rollgate` program; each command module adds itself here. */
export function buildProgram(): Command {
  const program = new Command('rollgate')
    .description('API compatibility and breaking-change gate')
    .exitOverride()
    .showHelpAfterError();
  return program;
}

/** Runs the CLI and returns the exit code instead of exiting, so tests can call it in-process. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (isRollgateError(error)) {
      const where = [error.details.file, error.details.line].filter((part) => part !== undefined).join(':');
      process.stderr.write(`rollgate: ${where ? `${where}: ` : ''}${error.message}\n`);
      return EXIT.badInput;
    }
    throw error;
  }
}
