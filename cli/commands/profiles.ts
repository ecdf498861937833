/** `odoo-load profiles list|show|validate`: the shipped load shapes and hosting models, checked before use. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, EXIT } from '../../contract/exit-codes.ts';
import { compileLoadProfile } from '../../planning/compile.ts';
import type { HostingProfile } from '../../planning/hosting-schema.ts';
import {
  loadHostingProfile,
  loadLoadProfile,
  parseJsonFile,
  resolveProfilePath,
} from '../../planning/load.ts';
import type { LoadProfile } from '../../planning/schema.ts';

export const PROFILES_HELP = `odoo-load profiles list
odoo-load profiles show <name|file>
odoo-load profiles validate <file> [<file> …]

list: every load shape (profiles/shapes) and hosting model (profiles/hosting) with its description.
show: the resolved profile (defaults applied) and, for a load shape, the k6 options it compiles to.
validate: checks files against their schema (by "kind"); one line per problem naming file and field.`;

const names = (folder: string) =>
  readdirSync(join('profiles', folder))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.replace(/\.json$/, ''));

type Loaded =
  | { kind: 'load'; file: string; profile: LoadProfile }
  | { kind: 'hosting'; file: string; profile: HostingProfile };

function load(nameOrPath: string): Loaded {
  // A bare name is looked up among load shapes first, then hosting models.
  const isPath = nameOrPath.includes('/') || nameOrPath.endsWith('.json');
  const kind = isPath
    ? (parseJsonFile(resolveProfilePath(nameOrPath)) as { kind?: unknown }).kind
    : names('shapes').includes(nameOrPath)
      ? 'load'
      : 'hosting';
  if (kind === 'load') return { kind: 'load', ...loadLoadProfile(nameOrPath) };
  if (kind === 'hosting') return { kind: 'hosting', ...loadHostingProfile(nameOrPath) };
  throw new CliError(
    `${resolveProfilePath(nameOrPath)}: kind: expected "load" or "hosting"; found ${JSON.stringify(kind)}`,
    EXIT.badInput,
  );
}

export async function profilesCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action === 'list') {
    for (const folder of ['shapes', 'hosting'] as const) {
      console.log(
        folder === 'shapes' ? 'load shapes (--profile):' : '\nhosting models (--target):',
      );
      for (const name of names(folder)) {
        const { profile } = folder === 'shapes' ? loadLoadProfile(name) : loadHostingProfile(name);
        console.log(`  ${name.padEnd(26)} ${profile.description.split('. ')[0]}`);
      }
    }
    return EXIT.ok;
  }
  if (action === 'show' && rest[0]) {
    const loaded = load(rest[0]);
    const shown =
      loaded.kind === 'load'
        ? { profile: loaded.profile, k6: compileLoadProfile(loaded.profile).options }
        : { profile: loaded.profile };
    console.log(JSON.stringify(shown, null, 2));
    return EXIT.ok;
  }
  if (action === 'validate' && rest.length > 0) {
    let failed = 0;
    for (const file of rest) {
      try {
        load(file);
        console.log(`ok   ${file}`);
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        failed++;
        console.log(`FAIL ${error.message}`);
      }
    }
    return failed === 0 ? EXIT.ok : EXIT.badInput;
  }
  throw new CliError(
    'profiles: expected "list", "show <name>" or "validate <file> …"',
    EXIT.badInput,
  );
}
