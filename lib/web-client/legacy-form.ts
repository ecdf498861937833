/**
 * A record open in Odoo 16's legacy form view (web/static/src/legacy/js/views/basic/basic_model.js),
 * as its web client edits it: every change sends `onchange` with the form's current values, the
 * changed field's name and the form's flat field list (`field_onchange`, lines' fields dotted); Save
 * sends `create` with the fields the form writes, then `read`s the record, each relation it shows
 * and the names of its tags. Same surface as FormRecord, so the flows key 16's orders as 17's.
 */
import type { LegacyWebClient } from '../../contract/web-client/types.ts';
import type { WebClient } from './client.ts';
import { idsOf, type Line, parentAsRecorded, pick, type Values } from './values.ts';

let virtualIds = 0;

interface OnchangeResult {
  value: Values;
}

type Kinds = LegacyWebClient['x2many'][string];

function legacyOf(web: WebClient): LegacyWebClient {
  const legacy = web.dialect.recorded.legacy;
  if (!legacy) throw web.stop(`Odoo ${web.dialect.version}'s web client has no legacy forms`);
  return legacy;
}

/** The recorded `field_onchange` of a model's form in a flow; a missing one is a bug of the suite. */
function fieldOnchangeOf(web: WebClient, flow: string, model: string): Record<string, string> {
  const fields = legacyOf(web).fieldOnchange[`${flow}:${model}`];
  if (!fields)
    throw web.stop(`the recorded web client of Odoo 16 sent no ${model}.onchange in ${flow}`);
  return fields;
}

/** The form's own fields (the undotted ones), and those of its lines in `field`. */
const ownFields = (fields: Record<string, string>, prefix = '') =>
  Object.keys(fields)
    .filter((name) => name.startsWith(prefix) && !name.slice(prefix.length).includes('.'))
    .map((name) => name.slice(prefix.length));

/** A value the server sent, as the form keeps it: a many2one's id, a many2many's ids. */
function fromServer(value: unknown, kind: Kinds[string] | undefined): unknown {
  if (kind === 'many2many') return idsOf(value);
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number') return value[0];
  return value;
}

/** A value as the form sends it: a many2many as `[[6, false, ids]]`, a missing one as false. */
function sendable(value: unknown, kind: Kinds[string] | undefined): unknown {
  if (kind === 'many2many') return [[6, false, Array.isArray(value) ? value : []]];
  if (kind === 'one2many') return [];
  return value === undefined ? false : value;
}

function valuesOf(values: Values, fields: string[], kinds: Kinds): Values {
  return Object.fromEntries(fields.map((field) => [field, sendable(values[field], kinds[field])]));
}

/** Reads the names of tags the form has not shown yet (a line's taxes), as the tags widget does. */
function nameTags(web: WebClient, lineModel: string, records: Values[], known: Set<string>) {
  const tags = web.dialect.legacyTags?.[lineModel];
  if (!tags) return;
  const ids = [...new Set(records.flatMap((record) => idsOf(record[tags.field])))].filter(
    (id) => !known.has(`${tags.model}:${id}`),
  );
  if (!ids.length) return;
  for (const id of ids) known.add(`${tags.model}:${id}`);
  web.must(web.callKw(tags.model, 'read', [ids, ['display_name']], { context: web.userContext() }));
}

/**
 * What 16's form reads when a record opens or was saved: the record, each relation it shows (its
 * lines, their tags), then the name of each many2one shown with a context (the partner's address).
 */
export function readLegacyRecord(
  web: WebClient,
  model: string,
  flow: string,
  id: number,
  context: Values = {},
): Values {
  const legacy = legacyOf(web);
  const fieldsOf = (of: string) => legacy.readFields[`${flow}:${of}`] ?? ['display_name'];
  const [record] = web.must(
    web.callKw<Values[]>(model, 'read', [[id], fieldsOf(model)], {
      context: web.userContext({ bin_size: true, ...context }),
    }),
  );
  if (!record) throw web.stop(`${model}.read found no record ${id}`);
  const known = new Set<string>();
  for (const load of web.dialect.legacyLoads?.[model] ?? []) {
    const ids = idsOf(record[load.field]);
    if (!ids.length) continue;
    const lines = web.must(
      web.callKw<Values[]>(load.model, 'read', [ids, fieldsOf(load.model)], {
        context: web.userContext(context),
      }),
    );
    nameTags(web, load.model, lines, known);
  }
  for (const [field, relation] of Object.entries(web.dialect.legacyReloaded?.[model] ?? {})) {
    const value = record[field];
    if (Array.isArray(value) && typeof value[0] === 'number')
      nameGet(web, flow, relation, value[0]);
  }
  return record;
}

function nameGet(web: WebClient, flow: string, model: string, id: number) {
  const fieldContext = legacyOf(web).nameGetContext[`${flow}:${model}`] ?? {};
  web.must(web.callKw(model, 'name_get', [id], { context: web.userContext(fieldContext) }));
}

/** A record in 16's form and the lines of its one2many fields. */
export class LegacyForm {
  values: Values = {};
  readonly lines: Record<string, Line[]> = {};
  /** Tags whose names the form shows already. */
  readonly named = new Set<string>();
  /** The model of each line field's lines. */
  private readonly lineModels: Record<string, string> = {};

  constructor(
    readonly web: WebClient,
    readonly model: string,
    readonly flow: string,
    readonly context: Values,
  ) {}

  get fields(): Record<string, string> {
    return fieldOnchangeOf(this.web, this.flow, this.model);
  }

  get kinds(): Kinds {
    return legacyOf(this.web).x2many[this.model] ?? {};
  }

  onchange(
    model: string,
    values: Values,
    changed: string,
    fields: Record<string, string>,
    context: Values = {},
  ) {
    return this.web.must<OnchangeResult>(
      this.web.callKw(model, 'onchange', [[], values, changed || [], fields], {
        context: this.web.userContext({ ...this.context, ...context }),
      }),
    );
  }

  kindsOf(model: string | undefined): Kinds {
    return (model && legacyOf(this.web).x2many[model]) || {};
  }

  /** New record: `onchange([], {}, [], field_onchange)` fills the defaults. */
  open(): void {
    this.apply(this.onchange(this.model, {}, '', this.fields).value);
  }

  /** The person sets a field; a many2one shown with a context is named first (always_reload). */
  set(field: string, value: unknown, _context: Values = {}): void {
    this.values[field] = value;
    const relation = this.web.dialect.legacyReloaded?.[this.model]?.[field];
    if (relation && typeof value === 'number') nameGet(this.web, this.flow, relation, value);
    this.apply(this.onchange(this.model, this.sendValues(), field, this.fields).value);
  }

  /** After a line changed, the form's onchange with the line field as the changed one. */
  linesChanged(field: string, _context: Values = {}): void {
    this.apply(this.onchange(this.model, this.sendValues(), field, this.fields).value);
  }

  apply(value: Values): void {
    const kinds = this.kinds;
    for (const [field, raw] of Object.entries(value)) {
      if (kinds[field] === 'one2many' && Array.isArray(raw)) {
        this.lines[field] = this.lines[field] ?? [];
        this.applyLines(this.lines[field]!, raw as unknown[], this.kindsOf(this.lineModels[field]));
      } else this.values[field] = fromServer(raw, kinds[field]);
    }
  }

  /** `[0, ref, vals]` and `[1, ref, vals]` commands: a line the form has (by its ref) or a new one. */
  private applyLines(lines: Line[], commands: unknown[], kinds: Kinds): void {
    for (const command of commands as [number, string | number, Values?][]) {
      const [kind, id, vals] = command;
      if ((kind !== 0 && kind !== 1) || !vals) continue;
      let line = id ? lines.find((candidate) => candidate.id === id) : undefined;
      if (!line) {
        line = { id: id || `virtual_${++virtualIds}`, values: {} };
        lines.push(line);
      }
      for (const [field, raw] of Object.entries(vals))
        line.values[field] = fromServer(raw, kinds[field]);
    }
  }

  lineFields(field: string): string[] {
    return ownFields(this.fields, `${field}.`);
  }

  /** Every field of the form, as the web client sends the record's current state. */
  sendValues(): Values {
    const out = valuesOf(this.values, ownFields(this.fields), this.kinds);
    for (const [field, lines] of Object.entries(this.lines))
      if (field in out)
        out[field] = lines.map((line) => [0, line.id, this.lineValues(field, line)]);
    return out;
  }

  lineValues(field: string, line: Line, keys = this.lineFields(field)): Values {
    return valuesOf(line.values, keys, this.kindsOf(this.lineModels[field]));
  }

  /** Save: `create` with the fields the form writes, then the record read back as it shows it. */
  save(): number {
    const writable = this.web.writable(this.model);
    const all = this.sendValues();
    const vals = Object.fromEntries(
      writable.map((field) => {
        const lines = this.lines[field];
        if (!lines) return [field, all[field] ?? false];
        const keys = this.web.writable(`${this.model}/${field}`);
        return [field, lines.map((line) => [0, line.id, pick(this.lineValues(field, line), keys)])];
      }),
    );
    const id = this.web.must(
      this.web.callKw<number>(this.model, 'create', [vals], {
        context: this.web.userContext(this.context),
      }),
    );
    if (typeof id !== 'number') throw this.web.stop(`${this.model}.create answered no id`);
    readLegacyRecord(this.web, this.model, this.flow, id, this.context);
    return id;
  }

  /** A new line in `field`; its own onchange fills its defaults. */
  addLine(field: string, lineModel: string, inverse: string, context: Values = {}): LegacyLine {
    const line: Line = { id: `virtual_${++virtualIds}`, values: {} };
    this.lines[field] = [...(this.lines[field] ?? []), line];
    this.lineModels[field] = lineModel;
    const record = new LegacyLine(this, lineModel, inverse, line, context);
    record.open();
    return record;
  }
}

/** A line being edited inside its parent's 16 form. */
export class LegacyLine {
  constructor(
    readonly parent: LegacyForm,
    readonly model: string,
    /** The line's field pointing back at the parent (order_id, move_id). */
    readonly inverse: string,
    readonly line: Line,
    readonly context: Values,
  ) {}

  private get fields() {
    return fieldOnchangeOf(this.parent.web, this.parent.flow, this.model);
  }

  private get kinds(): Kinds {
    return this.parent.kindsOf(this.model);
  }

  /** The parent's fields the recorded line onchange carries, its lines with their recorded fields. */
  private parentValues(): Values {
    return parentAsRecorded(this.parent.sendValues(), this.parent.web.parentKeys(this.model));
  }

  private send(changed: string, values: Values): void {
    const { value } = this.parent.onchange(this.model, values, changed, this.fields, this.context);
    for (const [field, raw] of Object.entries(value))
      this.line.values[field] = fromServer(raw, this.kinds[field]);
    nameTags(this.parent.web, this.model, [this.line.values], this.parent.named);
  }

  open(): void {
    this.send('', { [this.inverse]: this.parentValues() });
  }

  set(field: string, value: unknown, _context: Values = {}): void {
    this.line.values[field] = value;
    const own = valuesOf(this.line.values, ownFields(this.fields), this.kinds);
    this.send(field, { ...own, [this.inverse]: this.parentValues() });
  }
}
