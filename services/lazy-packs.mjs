// The k6 bundles' code in packs a VU evaluates when it first requires them (build.mjs).
//
// What a VU costs the generator beyond raw k6 is the objects its runtime creates: about 0.9 KB for
// every function object, 1.5 KB for every getter of a module's namespace and 3 KB for every metric,
// while code that is never evaluated costs almost nothing (measured at 1,000 VUs, `npm run
// bench:generator`). k6 evaluates every static import in every VU and refuses dynamic import(). So:
//  - what a scenario imports statically (the plan, the metrics, lib/on-first-use.ts) is an ES
//    module evaluated in the init stage, where k6 requires metrics to be declared;
//  - each module a static one require()s (a workload) is a pack: esbuild bundles it with all it
//    imports, scope-hoisted and tree-shaken as one ES bundle would be, into CommonJS whose body
//    runs at the first require(). A VU evaluates the one workload it runs.
// Only the `shared` modules (the metrics, which k6 takes from the init stage only) are the static
// modules' own instance, which each publishes on the VU's global object: a require() of it would
// have esbuild wrap it in a function, and the same code evaluated in a function costs every VU
// twice the memory. Any other module a pack imports has an instance in each pack a VU evaluates:
// module state (caches, counters) is per workload, and the suite keeps none that must be shared
// between workloads.
// Plain JavaScript: build.mjs runs before any TypeScript loader exists.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';

const K6_MODULE = /^k6(\/.*)?$/;

/**
 * @param {object} settings
 * @param {import('esbuild').Plugin[]} settings.packPlugins plugins each pack's own build uses (how
 *   the recorded web clients load, for one)
 * @param {Record<string, string>} settings.shared the modules every pack takes from the init
 *   stage, each with the global name under which it publishes its exports
 * @returns {{ plugin: import('esbuild').Plugin, packInputs: () => string[] }} the plugin, and the
 *   sources its last build packed (absolute), on which the bundles' freshness depends
 */
export function lazyPacks({ packPlugins, shared }) {
  const sharedPaths = new Map(
    Object.entries(shared).map(([module, global]) => [resolve(module), global]),
  );
  /** @type {Map<string, { code: string, inputs: string[] }>} absolute path → its pack */
  let packs = new Map();
  const plugin = {
    name: 'lazy-packs',
    setup(build) {
      let imported = new Set();
      let k6Names = new Map();
      // Every pack is built first: the names the packs import from k6's modules are known then.
      build.onStart(async () => {
        const layout = await staticLayout(build.initialOptions);
        imported = layout.imported;
        const built = await Promise.all(
          [...layout.required].map(async (path) => [
            path,
            await buildPack(path, sharedPaths, build.initialOptions, packPlugins),
          ]),
        );
        packs = new Map(built);
        k6Names = k6ImportsOf([...packs.values()].flatMap((pack) => pack.inputs));
      });

      // A static module's require() of a workload: its pack, in a namespace of its own (the
      // project's package.json, "type": "module", would have esbuild read CommonJS as ESM).
      build.onResolve({ filter: /\.ts$/ }, (args) => {
        const path = resolve(args.resolveDir, args.path);
        return imported.has(path) ? undefined : { path, namespace: 'pack' };
      });
      build.onLoad({ filter: /.*/, namespace: 'pack' }, (args) => {
        const pack = packs.get(args.path);
        if (!pack) throw new Error(`${args.path} is shared with the packs: a scenario imports it`);
        return {
          contents: pack.code,
          loader: 'js',
          resolveDir: process.cwd(),
          watchFiles: pack.inputs,
        };
      });
      // k6's own modules are imported at the bundle's top by an ES module standing in for each: k6
      // refuses a require() of one in an iteration. It re-exports by name what the packs import,
      // as copying a whole namespace reads k6/execution's per-VU fields, which throws at init.
      build.onResolve({ filter: K6_MODULE }, (args) =>
        args.namespace === 'pack'
          ? { path: args.path, namespace: 'k6-module' }
          : { path: args.path, external: true },
      );
      build.onLoad({ filter: /.*/, namespace: 'k6-module' }, (args) => ({
        contents: `export { ${[...(k6Names.get(args.path) ?? [])].join(', ')} } from '${args.path}';`,
        loader: 'js',
      }));
    },
  };
  return {
    plugin,
    packInputs: () => [...new Set([...packs.values()].flatMap((pack) => pack.inputs))],
  };
}

/** One workload's pack: CommonJS of it and all it imports, but the shared modules and k6's. */
async function buildPack(path, shared, options, plugins) {
  const result = await esbuild.build({
    entryPoints: [path],
    bundle: true,
    write: false,
    metafile: true,
    format: 'cjs',
    platform: 'browser',
    target: options.target,
    minifySyntax: options.minifySyntax,
    treeShaking: true,
    // Mapped again by the bundle's own source map: stack traces name the TypeScript lines.
    sourcemap: 'inline',
    logLevel: 'silent',
    plugins: [
      {
        name: 'shared-modules-outside',
        setup(pack) {
          pack.onResolve({ filter: K6_MODULE }, (args) => ({ path: args.path, external: true }));
          // Sources in a namespace of their own: in the project's ("type": "module") esbuild would
          // read a default import of k6/http as Node does, the whole CommonJS exports object.
          pack.onResolve({ filter: /\.ts$/ }, (args) => {
            const module = resolve(args.resolveDir, args.path);
            return { path: module, namespace: shared.has(module) ? 'shared' : 'source' };
          });
          pack.onLoad({ filter: /.*/, namespace: 'source' }, (args) => ({
            contents: readFileSync(args.path, 'utf8'),
            loader: 'ts',
            resolveDir: dirname(args.path),
          }));
          pack.onLoad({ filter: /.*/, namespace: 'shared' }, (args) => {
            const global = JSON.stringify(shared.get(args.path));
            return {
              contents: `if (!globalThis[${global}]) throw new Error(${JSON.stringify(`${relative(process.cwd(), args.path)} did not publish globalThis[${global}] in the init stage`)});
module.exports = globalThis[${global}];`,
              loader: 'js',
            };
          });
        },
      },
      ...plugins,
    ],
  });
  return {
    code: result.outputFiles[0].text,
    // Files only: a shared module is the static one's, not this pack's.
    inputs: Object.keys(result.metafile.inputs)
      .filter((input) => !input.startsWith('shared:'))
      .map((input) => resolve(input.replace(/^source:/, ''))),
  };
}

/** The modules the entries reach through static imports alone, and those they require(). */
async function staticLayout(options) {
  const required = new Set();
  const result = await esbuild.build({
    entryPoints: options.entryPoints,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    outdir: options.outdir,
    external: options.external,
    logLevel: 'silent',
    plugins: [
      {
        name: 'require-calls-left-out',
        setup: (scan) =>
          scan.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind !== 'require-call') return undefined;
            // A require() of one of k6's modules is k6's own, in the init stage.
            if (!K6_MODULE.test(args.path)) required.add(resolve(args.resolveDir, args.path));
            return { path: args.path, external: true };
          }),
      },
    ],
  });
  const imported = new Set(Object.keys(result.metafile.inputs).map((input) => resolve(input)));
  return { imported, required };
}

/** What these sources import by name from each of k6's modules (`default` for a default import). */
function k6ImportsOf(files) {
  const found = new Map();
  const statement =
    /import\s+(?!type\s)([\w$]+)?\s*,?\s*(?:\{([^}]*)\})?\s*from\s*'(k6(?:\/[^']*)?)'/g;
  for (const file of files.filter((input) => input.endsWith('.ts')))
    for (const [, defaultName, named, module] of readFileSync(file, 'utf8').matchAll(statement)) {
      const names = found.get(module) ?? new Set();
      if (defaultName) names.add('default');
      for (const name of (named ?? '').split(',').map((part) => part.trim()))
        if (name && !name.startsWith('type ')) names.add(name.split(/\s+as\s+/)[0]);
      found.set(module, names);
    }
  return found;
}
