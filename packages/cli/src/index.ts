export { run, buildProgram, EXIT } from './main.js';
export type { CommandModule } from './main.js';
export type { Cli, CliIo, OutputStream } from './cli.js';
