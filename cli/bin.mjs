#!/usr/bin/env node
// Runs the CLI from the bundle `npm run build` made while no source has changed since; otherwise
// from the TypeScript sources through tsx's loader, so an edit needs no build step. The bundle
// starts in well under half the time, which adds up where the CLI is spawned often (tests, CI).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isFresh } from '../services/bundles.mjs';

/** A package that is not installed: the checkout has not had `npm install` yet (exit 4, a missing tool). */
function exitIfNotInstalled(error) {
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(error?.message ?? '')?.[1];
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !missing || /^[./]/.test(missing)) throw error;
  const name = missing.split(/[\\/]node_modules[\\/]/).pop();
  console.error(
    `odoo-load: the package ${name} is not installed: run npm install (or npm start, which installs what it needs) in ${fileURLToPath(new URL('..', import.meta.url))}`,
  );
  process.exit(4);
}

const bundle = fileURLToPath(new URL('../dist/node/odoo-load.mjs', import.meta.url));
try {
  if (isFresh(bundle)) {
    // An internal error's stack then names the TypeScript lines, as it does from the sources.
    process.setSourceMapsEnabled(true);
    await import(pathToFileURL(bundle).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('./main.ts');
  }
} catch (error) {
  exitIfNotInstalled(error);
}
