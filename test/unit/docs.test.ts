/**
 * The documentation cannot rot: the README stays a front door (at most 300 lines), every link between
 * the pages leads somewhere, and every command a page shows exists, takes each flag it is given, and
 * names files and profiles that are in the repository.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { odooLoad } from '../support/cli.ts';

const PAGES = ['README.md', ...readdirSync('docs').map((page) => join('docs', page))].filter(
  (page) => page.endsWith('.md'),
);
const text = (page: string) => readFileSync(page, 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
const anchorOf = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

function headingsOf(page: string): Set<string> {
  let code = false;
  const anchors = new Set<string>();
  for (const line of text(page).split('\n')) {
    if (line.startsWith('```')) code = !code;
    else if (!code && /^#{1,4} /.test(line)) anchors.add(anchorOf(line.replace(/^#+ /, '')));
  }
  return anchors;
}

/** The shell lines of a page's ```sh blocks, continuation lines joined, comments dropped. */
function shellLines(page: string): string[] {
  const lines: string[] = [];
  let inShell = false;
  let pending = '';
  for (const line of text(page).split('\n')) {
    if (line.startsWith('```')) {
      inShell = !inShell && line.trim() === '```sh';
      continue;
    }
    if (!inShell) continue;
    const joined = pending + line.replace(/\s+#(?![^"']*["']).*$/, '');
    if (joined.trimEnd().endsWith('\\')) pending = `${joined.trimEnd().slice(0, -1)} `;
    else {
      pending = '';
      if (joined.trim()) lines.push(joined.trim());
    }
  }
  return lines;
}

test('the README is a front door: at most 300 lines, linking every page of docs/', () => {
  const readme = text('README.md');
  assert.ok(readme.split('\n').length <= 300, `${readme.split('\n').length} lines`);
  for (const page of PAGES.filter((page) => page.startsWith('docs/')))
    assert.ok(readme.includes(`](${page}`), `README links ${page}`);
});

test('every link between the pages leads to a file, and to a heading when it names one', () => {
  const broken: string[] = [];
  for (const page of PAGES)
    for (const [, target] of text(page).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:)/.test(target!)) continue;
      const [file, anchor] = target!.split('#');
      const path = file ? resolve(dirname(page), file) : resolve(page);
      if (!existsSync(path)) broken.push(`${page}: ${target} (no such file)`);
      else if (anchor && path.endsWith('.md') && !headingsOf(path).has(anchor))
        broken.push(`${page}: ${target} (no such heading)`);
    }
  assert.deepEqual(broken, []);
});

/** Each command's help, asked once: the flags it takes are the ones it lists. */
const helps = new Map<string, string>();
async function helpOf(command: string): Promise<string | undefined> {
  if (!helps.has(command)) {
    const result = await odooLoad([command, '--help']);
    helps.set(command, result.code === 0 ? result.stdout : '');
  }
  return helps.get(command) || undefined;
}

const PACKAGE_SCRIPTS = Object.keys(
  (JSON.parse(text('package.json')) as { scripts: Record<string, string> }).scripts,
);

/** Paths a command names that must be in the repository (not run output, not placeholders). */
const repositoryPaths = (line: string) =>
  [
    ...line.matchAll(
      /(?:^|\s|=)((?:test|profiles|scripts|bench|emulator|contract|docs)\/[\w./-]+)/g,
    ),
  ]
    .map((match) => match[1]!)
    .filter((path) => !path.includes('<'));

test('every command the pages show exists, takes the flags it is given, and names what is there', async () => {
  const problems: string[] = [];
  for (const page of PAGES)
    for (const line of shellLines(page)) {
      for (const path of repositoryPaths(line))
        if (!existsSync(path)) problems.push(`${page}: ${line}: no ${path}`);
      const script = /npm run ([\w:-]+)/.exec(line)?.[1];
      if (script && !PACKAGE_SCRIPTS.includes(script))
        problems.push(`${page}: ${line}: no npm script ${script}`);
      const command =
        /(?:^|[\s;&(])(?:odoo-load|node cli\/bin\.mjs) ([a-z][a-z0-9-]*)(?=\s|$)/.exec(line)?.[1];
      if (!command) continue;
      for (const [, flag, name] of line.matchAll(/--(profile|target) ([\w.-]+)(?=\s|$)/g))
        if (
          !name!.includes('.') &&
          !existsSync(`profiles/${flag === 'profile' ? 'shapes' : 'hosting'}/${name}.json`)
        )
          problems.push(`${page}: ${line}: no ${flag} ${name}`);
      const help = await helpOf(command);
      if (!help) {
        problems.push(`${page}: ${line}: odoo-load has no command ${command}`);
        continue;
      }
      for (const [, flag] of line.matchAll(/\s(--[a-z][\w-]*)/g))
        if (flag !== '--help' && !help.includes(flag!))
          problems.push(`${page}: ${line}: odoo-load ${command} takes no ${flag}`);
    }
  assert.deepEqual(problems, []);
});
