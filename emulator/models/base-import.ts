/**
 * `base_import.import`: the wizard Odoo's import screen uses (docs/odoo-protocol.md §7.5). The file is stored
 * raw; `execute_import` parses it as CSV with the given options, loads `limit` rows from `skip`, and
 * answers `{ids, messages, nextrow, name}`; a dry run rolls everything back.
 */
import { parse } from 'csv-parse/sync';
import { OdooError } from '../errors.ts';
import { load } from '../orm/load.ts';
import { type Env, fieldsOf, type ModelDef, type Vals } from '../orm/model.ts';
import * as orm from '../orm/records.ts';

interface ImportOptions {
  has_headers?: boolean;
  separator?: string;
  quoting?: string;
  encoding?: string;
  limit?: number;
  skip?: number;
  float_thousand_separator?: string;
  float_decimal_separator?: string;
}

/** An empty separator is sniffed from the first line, as the import screen does. */
function sniffSeparator(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return [',', ';', '\t', '|']
    .map((candidate) => [candidate, firstLine.split(candidate).length] as const)
    .sort((a, b) => b[1] - a[1])[0]![0];
}

/**
 * base_import checks float columns before loading (`_parse_float_from_data`): the first value that
 * is not a number (currency symbols and parentheses aside) refuses the whole file, with one
 * message for the column and no `ids` (recorded in test/fixtures/real-odoo-17/transcript.json).
 */
function invalidFloatColumn(env: Env, model: ModelDef, fields: string[], rows: string[][]) {
  const defs = fieldsOf(model, env.version);
  for (const [index, name] of fields.entries()) {
    if (defs[name]?.type !== 'float') continue;
    for (const row of rows) {
      const raw = String(row[index] ?? '').trim();
      const number = raw
        .replace(/[$€£¥\s]/g, '')
        .replace(/^\((.*)\)$/, '-$1')
        .replace(/,/g, '');
      if (raw && !Number.isFinite(Number(number))) {
        return {
          type: 'error',
          message: `Column ${name} contains incorrect values (value: ${raw})`,
          record: false,
          not_matching_error: true,
          field_path: [name],
          field_type: null,
        };
      }
    }
  }
  return undefined;
}

const parseFailure = (message: string) => ({
  messages: [
    { type: 'error', message: `Error while parsing the file: ${message}`, record: false, rows: {} },
  ],
});

/** The file's rows as base_import reads a CSV: the quoting option is required, parse errors said. */
function parseFile(
  file: Buffer | null,
  options: ImportOptions,
): { records: string[][] } | ReturnType<typeof parseFailure> {
  if (options.quoting === undefined || options.quoting === '')
    return parseFailure('the "quoting" option is required for CSV files.');
  const text = (file ?? Buffer.alloc(0)).toString(
    options.encoding && /latin|8859/i.test(options.encoding) ? 'latin1' : 'utf8',
  );
  try {
    return {
      records: parse(text, {
        delimiter: options.separator || sniffSeparator(text),
        quote: options.quoting,
        relax_column_count: true,
        skip_empty_lines: true,
        bom: true,
      }),
    };
  } catch (error) {
    return parseFailure((error as Error).message);
  }
}

async function executeImport(
  env: Env,
  wizardId: number,
  fields: unknown,
  columns: unknown,
  options: ImportOptions,
  dryrun: boolean,
) {
  const { rows } = await env.db.query<{ res_model: string; file: Buffer | null }>(
    'SELECT res_model, file FROM base_import_import WHERE id = $1',
    [wizardId],
  );
  const wizard = rows[0];
  if (!wizard)
    throw new OdooError(
      'odoo.exceptions.MissingError',
      `Record does not exist or has been deleted.\n(Record: base_import.import(${wizardId},), User: ${env.uid})`,
    );
  if (!Array.isArray(fields) || !Array.isArray(columns))
    throw new OdooError('builtins.TypeError', 'execute_import() expects fields and columns lists');
  const parsed = parseFile(wizard.file, options);
  if ('messages' in parsed) return parsed;
  const records = parsed.records;
  const body = options.has_headers === false ? records : records.slice(1);
  const skip = Math.max(0, Number(options.skip ?? 0));
  const limit = Number(options.limit ?? 0) > 0 ? Number(options.limit) : body.length;
  const batch = body.slice(skip, skip + limit);
  // Columns mapped to `false` are not imported.
  const kept = fields.map((field, index) => [field, index] as const).filter(([field]) => field);
  const model = orm.modelOf(env, wizard.res_model);
  const rowsToLoad = batch.map((row) => kept.map(([, index]) => row[index] ?? ''));
  const invalid = invalidFloatColumn(
    env,
    model,
    kept.map(([field]) => String(field)),
    rowsToLoad,
  );
  if (invalid) return { messages: [invalid] };
  await env.db.query('SAVEPOINT import');
  // base_import loads with `import_file` (quants, for one, are then not merged row by row).
  const result = await load(
    { ...env, context: { ...env.context, import_file: true } },
    model,
    kept.map(([field]) => field),
    rowsToLoad,
    {
      thousands: options.float_thousand_separator ?? ',',
      decimal: options.float_decimal_separator ?? '.',
    },
  );
  const names = result.ids
    ? (await orm.read(env, model, result.ids, ['display_name'])).map(
        (record) => record.display_name,
      )
    : [];
  if (dryrun || result.ids === false) await env.db.query('ROLLBACK TO SAVEPOINT import');
  else await env.db.query('RELEASE SAVEPOINT import');
  return {
    ids: dryrun ? false : result.ids,
    messages: result.messages,
    nextrow: skip + limit < body.length ? skip + limit : 0,
    name: names,
  };
}

export const importModels: ModelDef[] = [
  {
    name: 'base_import.import',
    description: 'Base Import',
    table: 'base_import_import',
    order: 'id',
    displayName: (t) => `coalesce(${t}.file_name, 'Import')`,
    fields: {
      res_model: { type: 'char', required: true },
      file: { type: 'char' },
      file_name: { type: 'char' },
      file_type: { type: 'char' },
    },
    beforeCreate: async (_env: Env, vals: Vals) => {
      // Stored raw, not base64: a JSON string is kept as its UTF-8 bytes.
      if (typeof vals.file === 'string') vals.file = Buffer.from(vals.file, 'utf8');
    },
    methods: {
      execute_import: {
        kind: 'record',
        run: (env, call) => {
          const [fields, columns, options, dryrunArg] = call.args as [
            unknown?,
            unknown?,
            ImportOptions?,
            boolean?,
          ];
          const dryrun = Boolean(call.kwargs.dryrun ?? dryrunArg ?? false);
          return executeImport(
            env,
            call.ids[0]!,
            fields ?? call.kwargs.fields,
            columns ?? call.kwargs.columns,
            (options ?? call.kwargs.options ?? {}) as ImportOptions,
            dryrun,
          );
        },
      },
    },
  },
];
