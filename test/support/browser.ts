/** Headless Chromium from Debian's package, driven by playwright-core (no browser download). */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { aptInstall } from '../../services/apt.ts';

const findChromium = () =>
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

export async function launchChromium(): Promise<Browser> {
  let executablePath = findChromium();
  if (!executablePath) {
    await aptInstall(['chromium'], 'Chromium (for the report test)', (line) => console.log(line));
    executablePath = findChromium();
  }
  if (!executablePath) throw new Error('Chromium is not installed: apt-get install chromium');
  return chromium.launch({
    executablePath,
    // No network here: keep Chromium from calling home at start.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
