#!/usr/bin/env node
// Bundles the compiled `rollgate` command (packages/cli/dist/main.js and the workspace packages it
// imports) into packages/cli/bundle/, one ES module per command plus shared chunks, so a run loads
// a handful of files instead of ~70 modules and the ~80 CommonJS files of its libraries. Each
// command stays a lazy chunk: `rollgate diff` never loads the registry's server. dist/bin.js runs
// the bundle while it is current (see its manifest below) and the compiled modules otherwise.
//
//   pnpm build    (tsc -b, then this script)
//
// Bundled: our packages and the libraries the CLI itself loads (commander, yaml, js-yaml). Everything else
// from node_modules stays external and is resolved at run time from packages/cli: native addons
// (better-sqlite3, pg), swagger-parser (loaded only for --validate and remote refs), the
// registry's server libraries (fastify and its plugins read files beside themselves and bring
// pino, whose transports run from their own files), and what @rollgate/openapi loads through
// createRequire (picomatch, semver, yaml for config files). packages/cli/package.json lists them;
// the build fails when one does not resolve from there.
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'packages/cli');
// Beside dist/, at the same depth, so module-relative paths (`../package.json`) mean the same.
const outdir = path.join(cli, 'bundle');
const BUNDLED = new Set(['commander', 'yaml', 'js-yaml']);
const builtins = new Set(builtinModules);

/** `@scope/name/sub/path` -> `@scope/name`, `name/sub` -> `name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const externals = new Set();
const keepExternal = {
  name: 'keep-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path: specifier }) => {
      const name = packageName(specifier);
      if (name.startsWith('node:') || builtins.has(name) || name.startsWith('@rollgate/') || BUNDLED.has(name)) return undefined;
      externals.add(specifier);
      return { path: specifier, external: true };
    });
  },
};

// The bundle is stale once tsc rebuilds a package it was made from; every rebuild rewrites that
// package's tsconfig.tsbuildinfo, so their modification times identify the bundle's sources. Read
// before bundling: a rebuild while esbuild reads the modules then marks the bundle stale.
const buildInfoTimes = new Map();
for (const name of readdirSync(path.join(root, 'packages'))) {
  const buildInfo = path.join(root, 'packages', name, 'tsconfig.tsbuildinfo');
  if (existsSync(buildInfo)) buildInfoTimes.set(name, { file: buildInfo, mtimeMs: statSync(buildInfo).mtimeMs });
}

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { main: path.join(cli, 'dist/main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  absWorkingDir: root,
  // The export conditions node itself uses (not the bundlers' `module`): packages resolve to dist/.
  conditions: [],
  // CommonJS libraries in an ES module call `require` for Node's built-ins.
  banner: { js: "import { createRequire as __rollgateCreateRequire } from 'node:module'; const require = __rollgateCreateRequire(import.meta.url);" },
  // Names are not pinned: esbuild suffixes one of two names modules share (commander's classes
  // become `Help2`, `CommanderError2`), which shows only in stack traces and commander's error
  // names; the CLI tells errors apart by class and code. keepNames would pin them with a
  // defineProperty per closure created: 17,000 on GitHub's description, ~25 ms of CPU.
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [keepExternal],
});

// What the bundle loads at run time must resolve from it: the externals esbuild saw, and the
// packages @rollgate/openapi loads lazily through createRequire (invisible to esbuild).
const lazy = /\b(?:createRequire\w*\(import\.meta\.url\)|require\d*)\(\s*"([^"]+)"\s*\)/g;
const outputs = Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.js'));
for (const output of outputs) {
  for (const [, specifier] of readFileSync(path.join(root, output), 'utf8').matchAll(lazy)) {
    const name = packageName(specifier);
    if (!specifier.startsWith('.') && !name.startsWith('node:') && !builtins.has(name)) externals.add(specifier);
  }
}
/** Whether node finds the package from the bundle: in a node_modules of packages/cli or above. */
function resolvesFromBundle(name) {
  for (let dir = outdir; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules', name, 'package.json'))) return true;
    if (dir === path.dirname(dir)) return false;
  }
}
const missing = [...new Set([...externals].map(packageName))].filter((name) => !resolvesFromBundle(name)).sort();
if (missing.length > 0) {
  console.error(`bundle-cli: ${missing.join(', ')} must be dependencies of packages/cli: the bundle loads them at run time`);
  process.exit(1);
}

const builtFrom = {};
const sources = new Set(Object.keys(result.metafile.inputs).map((input) => /^packages\/([^/]+)\/dist\//.exec(input)?.[1]));
for (const [name, { file, mtimeMs }] of [...buildInfoTimes].sort(([a], [b]) => a.localeCompare(b))) {
  if (sources.has(name)) builtFrom[path.relative(outdir, file).split(path.sep).join('/')] = mtimeMs;
}
writeFileSync(path.join(outdir, 'manifest.json'), `${JSON.stringify({ builtFrom }, null, 2)}\n`);
