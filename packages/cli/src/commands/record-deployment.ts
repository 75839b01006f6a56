import type { Command } from 'commander';
import type { Cli } from '../cli.js';
import type { RegistryOptions } from '../registry-client.js';
import { RegistryClient, addRegistryOptions, connection, json } from '../registry-client.js';

interface RecordOptions extends RegistryOptions {
  service: string;
  version: string;
  environment: string;
  instance?: string;
}

/** `rollgate record-deployment`: tells the registry which version now runs where. */
export function register(program: Command, cli: Cli): void {
  addRegistryOptions(
    program
      .command('record-deployment')
      .description('record that a version of a service now runs in an environment (ending the previous one)')
      .requiredOption('--service <service>', 'the service deployed')
      .requiredOption('--version <version>', 'the version now running')
      .requiredOption('--environment <environment>', 'where it runs (created on first use)')
      .option('--instance <instance>', 'application instance, when several run side by side'),
  ).action(async (options: RecordOptions) => {
    const client = new RegistryClient(connection(cli, options));
    const input = { service: options.service, version: options.version, environment: options.environment };
    const { body } = await client.recordDeployment(options.instance !== undefined ? { ...input, instance: options.instance } : input);
    if (options.format === 'json') {
      cli.stdout.write(json(body));
      return;
    }
    const { deployment, ended } = body;
    const instance = deployment.instance ? ` (instance ${deployment.instance})` : '';
    const replaced = ended ? `, replacing ${ended.version}` : '';
    cli.stdout.write(`recorded ${deployment.service} ${deployment.version} in ${deployment.environment}${instance}${replaced}\n`);
  });
}
