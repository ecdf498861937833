// A bundle built by build.mjs remembers the sources it was made from and when, in a sidecar file, so a
// process can run the bundle only while no source has changed since, and the sources otherwise.
// Plain JavaScript: cli/bin.mjs reads it before any TypeScript loader exists.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const sidecarOf = (bundle) => `${bundle}.inputs.json`;

/** Records the sources (absolute paths) a bundle was built from, the build having started at `startedMs`. */
export function recordInputs(bundle, inputs, startedMs) {
  const where = dirname(bundle);
  const sidecar = sidecarOf(bundle);
  const partial = `${sidecar}.${process.pid}.partial`;
  // Paths relative to the bundle, so a moved checkout keeps its bundles.
  const record = { startedMs, inputs: inputs.map((input) => relative(where, input)) };
  writeFileSync(partial, `${JSON.stringify(record)}\n`);
  renameSync(partial, sidecar);
}

/**
 * True when the bundle and its sidecar exist and no source was changed since its build started
 * (an edit during the build counts as a change). Any missing file means "not fresh".
 */
export function isFresh(bundle) {
  try {
    statSync(bundle);
    const { startedMs, inputs } = JSON.parse(readFileSync(sidecarOf(bundle), 'utf8'));
    const where = dirname(bundle);
    return (
      inputs.length > 0 &&
      inputs.every((input) => statSync(resolve(where, input)).mtimeMs < startedMs)
    );
  } catch {
    return false;
  }
}
