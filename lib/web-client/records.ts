/**
 * A record as the version's web client opens and edits it: 17's forms (specifications, `web_save`,
 * `web_read`) or 16's legacy ones (field lists, `create`, `read`). The flows ask here, and read alike
 * for every version.
 */
import type { WebClient } from './client.ts';
import { FormRecord } from './form.ts';
import { LegacyForm, readLegacyRecord } from './legacy-form.ts';
import type { Values } from './values.ts';

export type Form = FormRecord | LegacyForm;

/** A new record's form in `flow` (whose recorded fields it sends). */
export function newForm(web: WebClient, model: string, flow: string, context: Values): Form {
  return web.dialect.forms === 'legacy'
    ? new LegacyForm(web, model, flow, context)
    : new FormRecord(web, model, flow, context);
}

/** A saved record opened (or shown again): its values as the form reads them. */
export function readRecord(
  web: WebClient,
  model: string,
  flow: string,
  id: number,
  context: Values = {},
): Values {
  return web.dialect.forms === 'legacy'
    ? readLegacyRecord(web, model, flow, id, context)
    : web.webRead(model, flow, id, context);
}

/**
 * What the form does after one of its buttons ran: the record read again and the chatter's news
 * (16 the chatter's data first, then the record); answers the record's values.
 */
export function afterButton(
  web: WebClient,
  model: string,
  flow: string,
  id: number,
  newest: number | undefined,
  context: Values = {},
): Values {
  if (web.dialect.forms === 'legacy') {
    web.threadData(model, id);
    const record = readLegacyRecord(web, model, flow, id, context);
    web.threadMessages(model, id, newest);
    web.threadData(model, id);
    return record;
  }
  web.threadMessages(model, id, newest);
  const record = web.webRead(model, flow, id, context);
  web.threadData(model, id);
  return record;
}
