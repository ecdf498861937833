/** Writes the JSON Schemas of the profile kinds to profiles/schema/, for editor completion (`npm run schemas`). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { datasetProfileSchema } from './dataset-schema.ts';
import { hostingProfileSchema } from './hosting-schema.ts';
import { loadProfileSchema } from './schema.ts';

export const SCHEMA_DIR = join('profiles', 'schema');

/** The schema files and their JSON text, as committed. */
export function schemaFiles(): Record<string, string> {
  const render = (schema: z.ZodType) =>
    `${JSON.stringify(z.toJSONSchema(schema, { io: 'input' }), null, 2)}\n`;
  return {
    'load-profile.schema.json': render(loadProfileSchema),
    'hosting-profile.schema.json': render(hostingProfileSchema),
    'dataset-profile.schema.json': render(datasetProfileSchema),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [name, text] of Object.entries(schemaFiles()))
    writeFileSync(join(SCHEMA_DIR, name), text);
  console.log(
    `wrote ${Object.keys(schemaFiles())
      .map((name) => join(SCHEMA_DIR, name))
      .join(', ')}`,
  );
}
