// Bundles every k6 entry in scenarios/ into dist/<name>.js with esbuild; `--watch` rebuilds on change.
// `--scenarios DIR` and `--outdir DIR` point it elsewhere (the tests and benchmarks use them).
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const { values: flags } = parseArgs({
  options: {
    watch: { type: 'boolean', default: false },
    scenarios: { type: 'string', default: 'scenarios' },
    outdir: { type: 'string', default: 'dist' },
  },
});

const entryPoints = readdirSync(flags.scenarios)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => join(flags.scenarios, file));

/** @type {import('esbuild').BuildOptions} */
const options = {
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
  logLevel: 'warning',
};

try {
  if (flags.watch) {
    const context = await esbuild.context(options);
    await context.watch();
    console.log(`watching ${entryPoints.length} scenarios`);
  } else {
    const started = performance.now();
    // Written beside and renamed into place, so a run starting while another rebuilds never
    // hands k6 a half-written bundle.
    const result = await esbuild.build({ ...options, metafile: true, write: false });
    for (const file of result.outputFiles) {
      mkdirSync(dirname(file.path), { recursive: true });
      const partial = `${file.path}.${process.pid}.partial`;
      writeFileSync(partial, file.contents);
      renameSync(partial, file.path);
    }
    const sizes = Object.entries(result.metafile.outputs)
      .filter(([file]) => file.endsWith('.js'))
      .map(([file, output]) => `${basename(file)} ${(output.bytes / 1024).toFixed(1)} KB`);
    console.log(`built ${sizes.join(', ')} in ${Math.round(performance.now() - started)} ms`);
  }
} catch {
  // esbuild has already printed the error with file and line.
  process.exit(1);
}
