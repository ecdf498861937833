/**
 * A record open in a form view, as Odoo's web client edits it: every change of a field sends
 * `onchange` with the full current values, the changed field and the form's whole specification; a
 * line added to a one2many gets a `virtual_N` id and onchanges of its own that carry the parent's
 * values; Save sends `web_save` with the fields the form writes. Runtime-agnostic: it talks through
 * the WebClient, so the same code runs in k6 and in the Node test that compares it with a recording.
 */
import type { Spec } from '../../contract/web-client/types.ts';
import type { WebClient } from './client.ts';
import {
  fillSpec,
  fromServer,
  idsOf,
  isLinesField,
  type Line,
  links,
  parentAsRecorded,
  pick,
  unitOf,
  type Values,
} from './values.ts';

interface OnchangeResult {
  value: Values;
  warning?: unknown;
}

let virtualIds = 0;

/** Context keys a form's specification evaluates from the record (see extract-web-client.ts). */
function knownOf(record: Values, parent?: Values): Record<string, unknown> {
  const root = parent ?? record;
  return {
    partner_id: root.partner_id,
    company_id: root.company_id,
    journal_id: root.journal_id,
    default_partner_id: root.partner_id,
    default_currency_id: root.currency_id,
    uom: unitOf(record),
    default_uom_id: unitOf(record),
    default_lst_price: record.price_unit,
    default_list_price: record.price_unit,
    default_description_sale: record.name,
  };
}

/** A form's record and the lines of its one2many fields. */
export class FormRecord {
  values: Values = {};
  readonly lines: Record<string, Line[]> = {};

  constructor(
    readonly web: WebClient,
    readonly model: string,
    /** The flow's recorded specs are looked up as `<flow>:<model>/<method>`. */
    readonly flow: string,
    readonly context: Values,
  ) {}

  spec(method: 'onchange' | 'web_save' | 'web_read', model = this.model): Spec {
    return this.web.spec(this.flow, model, method);
  }

  /** New record: `onchange([], {}, [], spec)` fills the defaults. */
  open(): void {
    this.apply(this.onchange([], {}, [], this.spec('onchange')));
  }

  /** The person sets a field: the web client sends every value with the changed field's name. */
  set(field: string, value: unknown, context: Values = {}): void {
    this.values[field] = value;
    this.apply(
      this.onchange([field], this.sendValues(this.spec('onchange')), [], undefined, context),
    );
  }

  /** After a line changed, the parent's onchange with the line field as the changed one. */
  linesChanged(field: string, context: Values = {}): void {
    this.apply(
      this.onchange([field], this.sendValues(this.spec('onchange')), [], undefined, context),
    );
  }

  private onchange(
    changed: string[],
    values: Values,
    _ids: number[],
    specOverride?: Spec,
    context: Values = {},
  ): OnchangeResult {
    const spec = fillSpec(specOverride ?? this.spec('onchange'), knownOf(this.values));
    return this.web.must<OnchangeResult>(
      this.web.callKw(this.model, 'onchange', [[], values, changed, spec], {
        context: this.web.userContext({ ...this.context, ...context }),
      }),
    );
  }

  /** Merges what onchange answered: plain values, and line commands for line fields. */
  apply(result: OnchangeResult | Values): void {
    const value = ('value' in result ? result.value : result) as Values;
    const spec = this.spec('onchange');
    for (const [field, raw] of Object.entries(value)) {
      if (isLinesField(spec[field], raw)) {
        this.lines[field] = this.lines[field] ?? [];
        applyLineCommands(this.lines[field]!, raw as unknown[], spec[field]!.fields!);
        continue;
      }
      this.values[field] = fromServer(raw, spec[field]);
    }
  }

  /** Every field of the spec, as the web client sends the record's current state. */
  sendValues(spec: Spec): Values {
    const out: Values = {};
    for (const [field, entry] of Object.entries(spec)) {
      if (field === 'id') continue;
      if (this.lines[field]) {
        out[field] = this.lines[field]!.map((line) => [
          0,
          line.id,
          lineValues(line, entry.fields!),
        ]);
        continue;
      }
      out[field] = sendable(this.values[field], entry);
    }
    return out;
  }

  /** The fields Save writes (recorded per model), new lines with their written fields. */
  saveValues(): Values {
    const writable = this.web.writable(this.model);
    const all = this.sendValues(this.saveSpec());
    const out: Values = {};
    for (const field of writable) {
      if (this.lines[field]) {
        const lineFields = this.web.writable(`${this.model}/${field}`);
        out[field] = this.lines[field]!.map((line) => [
          0,
          line.id,
          pick(lineValues(line, this.spec('web_save')[field]?.fields ?? {}), lineFields),
        ]);
      } else out[field] = all[field] ?? false;
    }
    return out;
  }

  /**
   * web_save's specification, a many2many known as one: the web client sends it as links whatever
   * its entry asks to read back (Odoo 17's backorder question sends `pick_ids: [[4, id]]` with
   * `pick_ids: {}` in its specification), and the form's onchange specification says it is one.
   */
  private saveSpec(): Spec {
    const onchange = this.spec('onchange');
    return Object.fromEntries(
      Object.entries(this.spec('web_save')).map(([field, entry]) => [
        field,
        entry.fields || !onchange[field]?.fields ? entry : { ...entry, fields: {} },
      ]),
    );
  }

  /** Save: `web_save([], vals, {specification})` answers the saved record; its id is returned. */
  save(): number {
    const saved = this.web.must<Values[]>(
      this.web.callKw(this.model, 'web_save', [[], this.saveValues()], {
        context: this.web.userContext(this.context),
        specification: fillSpec(this.spec('web_save'), knownOf(this.values)),
      }),
    );
    const id = saved[0]?.id;
    if (typeof id !== 'number') throw this.web.stop(`${this.model}.web_save answered no id`);
    return id;
  }

  /**
   * A new line in `field` (a one2many of `lineModel` whose `inverse` field points back here): its own
   * onchange fills its defaults.
   */
  addLine(field: string, lineModel: string, inverse: string, context: Values = {}): LineRecord {
    const line: Line = { id: `virtual_${++virtualIds}`, values: {} };
    this.lines[field] = [...(this.lines[field] ?? []), line];
    const record = new LineRecord(this, lineModel, inverse, line, context);
    record.open();
    return record;
  }
}

/** A line being edited inside its parent's form. */
export class LineRecord {
  constructor(
    readonly parent: FormRecord,
    readonly model: string,
    /** The line's field pointing back at the parent (order_id, move_id). */
    readonly inverse: string,
    readonly line: Line,
    readonly context: Values,
  ) {}

  private get spec(): Spec {
    return this.parent.web.spec(this.parent.flow, this.model, 'onchange');
  }

  /**
   * What a line's onchange carries of its parent, under the inverse field: where the recording
   * names the parent's fields (17's order lines, both versions' invoice lines), those; otherwise
   * (18's order lines, whose spec has the inverse field) the parent's whole state.
   */
  private parentValues(): Values {
    const state = this.parent.sendValues(this.parent.spec('onchange'));
    return parentAsRecorded(state, this.parent.web.parentKeys(this.model));
  }

  private send(changed: string[], values: Values, context: Values = {}): void {
    const known = knownOf(this.line.values, this.parent.values);
    const web = this.parent.web;
    const result = web.must<OnchangeResult>(
      web.callKw(this.model, 'onchange', [[], values, changed, fillSpec(this.spec, known)], {
        context: web.userContext({ ...this.parent.context, ...this.context, ...context }),
      }),
    );
    for (const [field, raw] of Object.entries(result.value))
      this.line.values[field] = fromServer(raw, this.spec[field]);
  }

  private current(): Values {
    return { ...lineValues(this.line, this.spec), [this.inverse]: this.parentValues() };
  }

  /** The new line's defaults: only the parent goes out. */
  open(): void {
    this.send([], { [this.inverse]: this.parentValues() });
  }

  /** The person sets a field of the line; `context` is the changed field's, as evaluated before. */
  set(field: string, value: unknown, context: Values = {}): void {
    this.line.values[field] = value;
    this.send([field], this.current(), context);
  }
}

/** A line's values for the fields of `spec`, as the web client sends them. */
function lineValues(line: Line, spec: Spec): Values {
  const out: Values = {};
  for (const [field, entry] of Object.entries(spec)) {
    if (field === 'id') continue;
    out[field] = sendable(line.values[field], entry);
  }
  return out;
}

/** A field's value as it goes out: many2many as links, unknown x2many as [], anything else as is. */
function sendable(value: unknown, entry: Spec[string]): unknown {
  if (value === undefined) return entry.fields ? [] : false;
  if (entry.fields && Array.isArray(value)) return links(value);
  return value;
}

/** Lines the server creates (command 0 with a falsy id) get a virtual id, as the web client gives them. */
function applyLineCommands(lines: Line[], commands: unknown[], spec: Spec): void {
  for (const command of commands as [number, string | number, Values?][]) {
    const [kind, id, vals] = command;
    const line = id ? lines.find((candidate) => candidate.id === id) : undefined;
    if ((kind === 0 || kind === 1) && vals) {
      const target = line ?? { id: id || `virtual_${++virtualIds}`, values: {} };
      if (!line) lines.push(target);
      for (const [field, raw] of Object.entries(vals))
        target.values[field] = fromServer(raw, spec[field]);
    }
  }
}

export { idsOf };
