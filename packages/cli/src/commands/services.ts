import type { Command } from 'commander';
import type { Cli } from '../cli.js';
import type { RegistryOptions } from '../registry-client.js';
import { RegistryClient, addRegistryOptions, connection, json } from '../registry-client.js';

/** `rollgate services`: what the registry knows, and what runs where. */
export function register(program: Command, cli: Cli): void {
  addRegistryOptions(program.command('services').description('list the services in the registry and where each runs')).action(
    async (options: RegistryOptions) => {
      const services = await new RegistryClient(connection(cli, options)).services();
      if (options.format === 'json') {
        cli.stdout.write(json({ services }));
        return;
      }
      if (services.length === 0) {
        cli.stdout.write('no services yet\n');
        return;
      }
      const lines = services.map((service) => {
        const running = Object.entries(service.environments)
          .map(([environment, versions]) => `${environment}=${versions.join(',')}`)
          .join(' ');
        const latest = service.latestVersion ?? '-';
        return `${service.name}  latest ${latest}  ${service.versions} version(s)  ${service.consumers} consumer(s)  ${service.providers} provider(s)${running ? `  ${running}` : ''}`;
      });
      cli.stdout.write(`${lines.join('\n')}\n`);
    },
  );
}
