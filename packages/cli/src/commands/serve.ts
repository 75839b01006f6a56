import { Option } from 'commander';
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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integerOption(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(value) || value < min || value > max) {
    throw new RollgateError('USAGE', `${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(text)}`);
  }
  return value;
}

// Binding fails for reasons an operator fixes with a flag; say which, rather than print a stack.
function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (code === 'EADDRINUSE') return new RollgateError('LISTEN', `cannot listen on ${where}: the port is already in use (pick another with --port, or --port 0 for a free one)`);
  if (code === 'EADDRNOTAVAIL') return new RollgateError('LISTEN', `cannot listen on ${where}: no interface of this machine has the address ${host} (see --host)`);
  if (code === 'EACCES') return new RollgateError('LISTEN', `cannot listen on ${where}: permission denied (ports below 1024 need privileges; see --port)`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new RollgateError('LISTEN', `cannot listen on ${where}: the host name ${host} does not resolve (see --host)`);
  return error;
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
    .addOption(new Option('--log-level <level>', 'pino log level, logs go to stdout as JSON lines').choices(LOG_LEVELS).default('info'))
    .addHelpText(
      'after',
      `
Environment: ROLLGATE_TOKEN is the bearer token writes need (writes are open without it),
ROLLGATE_READ_TOKEN the one reads need when set, DATABASE_URL the database when --db is not given.`,
    )
    .action(async (options: ServeOptions) => {
      const port = integerOption('--port', options.port, 0, 65_535);
      const server = await startServer({
        db: options.db ?? cli.env.DATABASE_URL ?? DEFAULT_DB,
        port,
        host: options.host,
        bodyLimit: options.bodyLimit !== undefined ? integerOption('--body-limit', options.bodyLimit, 1, 2 ** 31) : DEFAULT_BODY_LIMIT,
        logger: { level: options.logLevel },
        ...(secret(cli.env.ROLLGATE_TOKEN) ? { writeToken: secret(cli.env.ROLLGATE_TOKEN) } : {}),
        ...(secret(cli.env.ROLLGATE_READ_TOKEN) ? { readToken: secret(cli.env.ROLLGATE_READ_TOKEN) } : {}),
      }).catch((error: unknown) => {
        throw listenError(error, options.host, port);
      });
      cli.stderr.write(`rollgate registry listening on ${server.url}\n`);
      await new Promise<void>((resolve) => closeOnSignals(server, resolve));
    });
}

/**
 * A token from the environment without the whitespace around it: a secret mounted from a file
 * usually ends with a newline, which no client sends, so every request would be refused.
 */
function secret(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
