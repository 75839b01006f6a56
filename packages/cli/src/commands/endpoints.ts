import type { Command } from 'commander';
import type { Cli } from '../cli.js';
import type { RegistryOptions } from '../registry-client.js';
import { RegistryClient, addRegistryOptions, connection, json } from '../registry-client.js';

// `$.lines[*].sku` says all `$.lines` and `$.lines[*]` would; text output keeps the leaves.
function leaves(fields: readonly string[]): string[] {
  return fields.filter((field) => !fields.some((other) => other !== field && (other.startsWith(`${field}.`) || other.startsWith(`${field}[`))));
}

/** `rollgate endpoints <service>`: who uses which endpoint of a provider, and which fields. */
export function register(program: Command, cli: Cli): void {
  addRegistryOptions(
    program
      .command('endpoints')
      .description("list a provider's endpoints with the consumers (versions, environments, fields) using each")
      .argument('<service>', 'the provider')
      .option('--version <version>', 'the provider version whose spec to list (default: the newest with a spec)'),
  ).action(async (service: string, options: RegistryOptions & { version?: string }) => {
    const answer = await new RegistryClient(connection(cli, options)).endpoints(service, options.version);
    if (options.format === 'json') {
      cli.stdout.write(json(answer));
      return;
    }
    const lines = [`${answer.service} ${answer.version ?? '(no spec published)'}`];
    for (const endpoint of answer.endpoints) {
      const marks = [endpoint.deprecated ? 'deprecated' : '', endpoint.inSpec ? '' : 'not in this version'].filter(Boolean);
      lines.push(`${endpoint.method} ${endpoint.path}${marks.length ? `  (${marks.join(', ')})` : ''}`);
      if (endpoint.consumers.length === 0) lines.push('  no known consumers');
      for (const consumer of endpoint.consumers) {
        const where = consumer.environments.length ? consumer.environments.join(', ') : 'not deployed';
        lines.push(`  ${consumer.service} ${consumer.version} [${where}]`);
        const fields = [
          ...consumer.parameters.map((parameter) => `param ${parameter}`),
          ...leaves(consumer.requestFields).map((field) => `sends ${field}`),
          ...leaves(consumer.responseFields).map((field) => `reads ${field}`),
        ];
        if (fields.length) lines.push(`    ${fields.join('; ')}`);
      }
    }
    cli.stdout.write(`${lines.join('\n')}\n`);
  });
}
