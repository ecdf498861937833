/** A k6 test script bundled as build.mjs bundles scenarios (ES module, k6 left to k6), into a fresh folder. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as esbuild from 'esbuild';

/** Bundles `entry` and says where its script is (the folder is the caller's to add files to). */
export async function bundleK6Script(entry: string): Promise<{ script: string; outdir: string }> {
  const outdir = mkdtempSync(join(tmpdir(), 'odoo-load-k6-script-'));
  await esbuild.build({
    entryPoints: [entry],
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    external: ['k6', 'k6/*'],
    logLevel: 'warning',
  });
  return { script: join(outdir, basename(entry).replace(/\.ts$/, '.js')), outdir };
}
