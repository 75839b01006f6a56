import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/main.js';
import { rollgate } from './helpers.js';

const cwd = process.cwd();

describe('the rollgate program', () => {
  it('lists every command in the root help as the command itself defines it', async () => {
    // The root help lists commands without loading their modules; the full program loads them all.
    const listed = await rollgate(['--help'], { cwd });
    expect(listed.code).toBe(0);
    const full = await buildProgram();
    expect(listed.stdout).toBe(full.helpInformation());
    for (const command of full.commands) expect(listed.stdout).toContain(`  ${command.name()} `);
  });

  it('lists every command when the help comes before a command name', async () => {
    const result = await rollgate(['--help', 'diff'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe((await buildProgram()).helpInformation());
  });

  it('shows a command help through `help <command>`', async () => {
    const result = await rollgate(['help', 'changelog'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: rollgate changelog [options] <base> <revision>');
    expect(result.stdout).toContain('--config <file>');
  });

  it('suggests the closest command name for a misspelt one', async () => {
    const result = await rollgate(['rollback-chek'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("error: unknown command 'rollback-chek'\n(Did you mean rollback-check?)\n(run with --help for usage)\n");
  });
});
