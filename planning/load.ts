/** Reads a profile file, validates it with its zod schema and applies defaults; errors name file and path. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { type DatasetProfile, datasetProfileSchema } from './dataset-schema.ts';
import { type HostingProfile, hostingProfileSchema } from './hosting-schema.ts';
import { type LoadProfile, loadProfileSchema } from './schema.ts';

/** `smoke` means profiles/shapes/smoke.json; anything with a slash or .json is a path. */
export function resolveProfilePath(nameOrPath: string, folder = 'shapes'): string {
  if (nameOrPath.includes('/') || nameOrPath.endsWith('.json')) return resolve(nameOrPath);
  return resolve('profiles', folder, `${nameOrPath}.json`);
}

const describe = (value: unknown) =>
  value === undefined
    ? 'nothing'
    : Array.isArray(value)
      ? 'an array'
      : value === null
        ? 'null'
        : `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);

/** The value at `path` inside `data`, to say what was found. */
function valueAt(data: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    data,
  );
}

/** Formats the first zod issue as "file: path: expected …, found …". */
export function formatIssue(file: string, data: unknown, error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return `${file}: ${path === '(top level)' ? '' : `${path}: `}unknown field "${issue.keys.join('", "')}"`;
  }
  return `${file}: ${path}: ${issue.message}; found ${describe(valueAt(data, issue.path))}`;
}

export function parseJsonFile(file: string): unknown {
  if (!existsSync(file)) throw new CliError(`${file}: profile not found`, EXIT.badInput);
  if (!statSync(file).isFile())
    throw new CliError(`${file}: expected a profile file (JSON), found a folder`, EXIT.badInput);
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file}: not valid JSON: ${(error as Error).message}`, EXIT.badInput);
  }
}

/** Read, validate, then apply defaults: one loader for every profile kind. */
function loadWith<T>(
  schema: z.ZodType<T>,
  nameOrPath: string,
  folder: string,
): { file: string; profile: T } {
  const file = resolveProfilePath(nameOrPath, folder);
  const data = parseJsonFile(file);
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new CliError(formatIssue(file, data, parsed.error), EXIT.badInput);
  return { file, profile: parsed.data };
}

export const loadLoadProfile = (nameOrPath: string): { file: string; profile: LoadProfile } =>
  loadWith(loadProfileSchema, nameOrPath, 'shapes');

export const loadHostingProfile = (nameOrPath: string): { file: string; profile: HostingProfile } =>
  loadWith(hostingProfileSchema, nameOrPath, 'hosting');

export const loadDatasetProfile = (nameOrPath: string): { file: string; profile: DatasetProfile } =>
  loadWith(datasetProfileSchema, nameOrPath, 'datasets');
