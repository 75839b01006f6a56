import type { Command } from 'commander';
import { CATALOG_FORMATS, RULES, renderCatalog } from '@rollgate/openapi';
import type { CatalogFormat } from '@rollgate/openapi';
import type { Cli } from '../cli.js';
import { formatOption } from '../cli.js';
import { writeResult } from '../output.js';

/** `rollgate rules`: prints the rule catalog. */
export function register(program: Command, cli: Cli): void {
  program
    .command('rules')
    .description('print the rule catalog: IDs, default levels, and why each change matters')
    .addOption(formatOption(CATALOG_FORMATS, 'text'))
    .option('-o, --output <file>', 'write the catalog to a file instead of stdout')
    .action((options: { format: CatalogFormat; output?: string }) => {
      writeResult(cli, renderCatalog(RULES, options.format), options.output);
    });
}
