import type { Command } from 'commander';
import { RollgateError } from '@rollgate/openapi';
import { DEFAULT_BODY_LIMIT, DEFAULT_DB, closeOnSignals, startServer } from '@rollgate/registry';
import type { Cli } from '../cli.js';

interface ServeOptions {
  port: string;
  host: string;
  db?: string;
  bodyLimit?: string;
  logLevel: string;
}

function positiveInteger(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RollgateError('USAGE', `${name} must be an integer from 0 to ${max}, not ${JSON.stringify(text)}`);
  return value;
}

/** `rollgate serve`: runs the registry until SIGTERM or SIGINT. */
export function register(program: Command, cli: Cli): void {
  program
    .command('serve')
    .description('run the contract registry (HTTP API, checks, metrics)')
    .option('--port <port>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--db <path|url>', `SQLite file or postgres:// URL (default: $DATABASE_URL, else ${DEFAULT_DB})`)
    .option('--body-limit <bytes>', `largest request body accepted (default ${DEFAULT_BODY_LIMIT})`)
    .option('--log-level <level>', 'pino log level (fatal, error, warn, info, debug, trace, silent)', 'info')
    .addHelpText(
      'after',
      `
Environment: ROLLGATE_TOKEN is the bearer token writes need (writes are open without it),
ROLLGATE_READ_TOKEN the one reads need when set, DATABASE_URL the database when --db is not given.`,
    )
    .action(async (options: ServeOptions) => {
      const server = await startServer({
        db: options.db ?? cli.env.DATABASE_URL ?? DEFAULT_DB,
        port: positiveInteger('--port', options.port, 65_535),
        host: options.host,
        bodyLimit: options.bodyLimit !== undefined ? positiveInteger('--body-limit', options.bodyLimit, 2 ** 31) || DEFAULT_BODY_LIMIT : DEFAULT_BODY_LIMIT,
        logger: { level: options.logLevel },
        ...(cli.env.ROLLGATE_TOKEN ? { writeToken: cli.env.ROLLGATE_TOKEN } : {}),
        ...(cli.env.ROLLGATE_READ_TOKEN ? { readToken: cli.env.ROLLGATE_READ_TOKEN } : {}),
      });
      cli.stderr.write(`rollgate registry listening on ${server.url}\n`);
      await new Promise<void>((resolve) => closeOnSignals(server, resolve));
    });
}
