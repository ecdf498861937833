// Bundles with esbuild: every k6 entry in scenarios/ into dist/<name>.js, and the Node side's two
// entry points (the CLI and the emulator) into dist/node/, which start in a third of the time the
// TypeScript sources take through tsx. `--watch` rebuilds on change. `--scenarios DIR` and
// `--outdir DIR` point it elsewhere; `--only k6|node` builds one kind (the tests, benchmarks and a
// run's own rebuild use them).
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { recordInputs } from './services/bundles.mjs';
import { lazyPacks } from './services/lazy-packs.mjs';

const { values: flags } = parseArgs({
  options: {
    watch: { type: 'boolean', default: false },
    scenarios: { type: 'string', default: 'scenarios' },
    outdir: { type: 'string', default: 'dist' },
    only: { type: 'string' },
  },
});
if (flags.only !== undefined && !['k6', 'node'].includes(flags.only)) {
  console.error(`build: --only: expected k6 or node, got "${flags.only}"`);
  process.exit(2);
}

const entryPoints = readdirSync(flags.scenarios)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => join(flags.scenarios, file));

/**
 * The recorded web clients (contract/web-client/<version>.json, ~50 KB each) stay JSON text in the
 * k6 bundle: a string constant costs a VU nothing until lib/web-client/dialect.ts parses the one version the
 * target speaks, in the VUs that key in the web client. As object literals, every VU built all four.
 * @type {import('esbuild').Plugin}
 */
const recordingsAsText = {
  name: 'recordings-as-text',
  setup(build) {
    build.onLoad({ filter: /contract[\\/]web-client[\\/]\d+\.json$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

const packs = lazyPacks({
  packPlugins: [recordingsAsText],
  // The name lib/metrics/index.ts publishes its metrics under.
  shared: { 'lib/metrics/index.ts': 'odoo-load:metrics' },
});

/** @type {import('esbuild').BuildOptions} */
const k6Options = {
  entryPoints,
  outdir: flags.outdir,
  // k6 loads ES modules, one file per `k6 run` target.
  format: 'esm',
  // k6's runtime is browser-like: no Node built-ins may be pulled in.
  platform: 'browser',
  // Every VU holds its own copy of the bundle, so inline lib/ once and drop what is unused.
  bundle: true,
  treeShaking: true,
  minifySyntax: true,
  // k6 maps stack traces through source maps, so errors point at the TypeScript lines.
  sourcemap: 'linked',
  // k6 (Sobek) supports ES2020 syntax fully; newer syntax is lowered.
  target: 'es2020',
  // Provided by k6 itself at run time, or fetched by k6 from remote module URLs.
  external: ['k6', 'k6/*', 'https://*'],
  // A VU evaluates the code it runs only (services/lazy-packs.mjs).
  plugins: [recordingsAsText, packs.plugin],
  logLevel: 'warning',
};

/**
 * Modules that find files beside themselves (the emulator's schema and captured JSON, chart.js
 * for reports) keep finding them from the bundle: their `import.meta.url` becomes their own
 * source file's URL, written relative to the bundle so a moved checkout still works.
 * @type {import('esbuild').Plugin}
 */
const ownModuleUrls = {
  name: 'own-module-urls',
  setup(build) {
    const outdir = resolve(build.initialOptions.outdir);
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const own = JSON.stringify(relative(outdir, args.path));
      return {
        contents: source.replaceAll('import.meta.url', `new URL(${own}, import.meta.url).href`),
        loader: 'ts',
      };
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const nodeOptions = {
  entryPoints: { 'odoo-load': 'cli/main.ts', emulator: 'emulator/main.ts' },
  outdir: join(flags.outdir, 'node'),
  outExtension: { '.js': '.mjs' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  bundle: true,
  // The CLI loads a command's code (and its libraries) when the command runs: shared code and each
  // command's own go to chunks beside the entries.
  splitting: true,
  // In the entries' folder: a module's own URL (ownModuleUrls) is written relative to it.
  chunkNames: '[name]-[hash]',
  // node_modules stay where npm put them, resolved by Node as the sources resolve them.
  packages: 'external',
  sourcemap: 'linked',
  plugins: [ownModuleUrls],
  logLevel: 'warning',
};

const builds = { k6: k6Options, node: nodeOptions };
const chosen = flags.only ? [builds[flags.only]] : Object.values(builds);

/** Written beside and renamed into place, so a process starting while another rebuilds never reads a half-written bundle. */
async function buildOnce(options) {
  const startedMs = Date.now();
  const result = await esbuild.build({ ...options, metafile: true, write: false });
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
  const bundles = Object.entries(result.metafile.outputs).filter(([file]) => /\.m?js$/.test(file));
  // A split entry is fresh while none of the sources of any output of its build changed (its
  // chunks'); a whole bundle, while none of its own did.
  const shared = [...new Set(bundles.flatMap(([, output]) => Object.keys(output.inputs)))];
  const entries = new Set(
    Object.values(options.entryPoints).map((entry) => resolve(String(entry))),
  );
  const built = bundles.filter(
    ([, output]) => output.entryPoint && entries.has(resolve(output.entryPoint)),
  );
  // A k6 bundle's packs (namespaced inputs) stand for their sources, any of which may change it.
  const packed = options === k6Options ? packs.packInputs() : [];
  for (const [file, output] of built) {
    const inputs = (options.splitting ? shared : Object.keys(output.inputs))
      .filter((input) => !/^[\w-]+:/.test(input))
      .map((input) => resolve(input));
    recordInputs(resolve(file), [...new Set([...inputs, ...packed])], startedMs);
  }
  return built.map(([file, output]) => `${basename(file)} ${(output.bytes / 1024).toFixed(1)} KB`);
}

try {
  if (flags.watch) {
    for (const options of chosen) await (await esbuild.context(options)).watch();
    console.log(
      `watching ${entryPoints.length} scenarios${flags.only === 'k6' ? '' : ' and the CLI'}`,
    );
  } else {
    const started = performance.now();
    const sizes = [];
    for (const options of chosen) sizes.push(...(await buildOnce(options)));
    console.log(`built ${sizes.join(', ')} in ${Math.round(performance.now() - started)} ms`);
  }
} catch {
  // esbuild has already printed the error with file and line.
  process.exit(1);
}
