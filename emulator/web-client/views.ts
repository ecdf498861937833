/**
 * The window actions a menu opens (as a real Odoo answered `/web/action/load` for them, captured in
 * emulator/web-client/actions-<version>.json) and `get_views`: each view with an architecture, an id and
 * the model, and the models the views show with their fields (17 `{model: fields}`, 18
 * `{model: {fields}}`). The web channel reads none of the architecture; its size is Odoo's business.
 */
import { OdooError } from '../errors.ts';
import type { Env } from '../orm/model.ts';
import { webFieldsOf } from './fields.ts';
import { readCaptured } from './json.ts';

export type Action = Record<string, unknown> & { id: number; xml_id: string; type: string };

const captured = new Map<number, Record<string, Action>>();

function actionsOf(version: number): Record<string, Action> {
  let actions = captured.get(version);
  if (!actions) {
    actions = readCaptured<{ actions: Record<string, Action> }>(`actions-${version}.json`, {
      actions: {},
    }).actions;
    captured.set(version, actions);
  }
  return actions;
}

/** `/web/action/load`: by id or XML id; 17 answers false for an unknown id, 18 raises. */
export function loadAction(version: number, actionId: unknown): Action | false {
  const actions = Object.values(actionsOf(version));
  const found =
    typeof actionId === 'number' || /^\d+$/.test(String(actionId))
      ? actions.find((action) => action.id === Number(actionId))
      : actions.find((action) => action.xml_id === actionId);
  if (found) return structuredClone(found);
  if (version >= 18)
    throw new OdooError(
      'odoo.addons.web.controllers.action.MissingActionError',
      `The action “${actionId}” does not exist${typeof actionId === 'number' ? '' : '.'}`,
    );
  if (typeof actionId === 'number') return false;
  throw new OdooError('odoo.exceptions.MissingError', `The action '${actionId}' does not exist.`);
}

/** The window action a server action opens (18's Deliveries menu), its context evaluated. */
export function runAction(env: Env, actionId: unknown): Action | false {
  const server = loadAction(env.version, Number(actionId));
  if (server === false || server.type !== 'ir.actions.server') return false;
  const target = Object.values(actionsOf(env.version)).find(
    (action) =>
      action.type === 'ir.actions.act_window' &&
      `${action.xml_id.replace('.', '.method_')}` === server.xml_id,
  );
  if (!target) return false;
  const action = structuredClone(target);
  const own = typeof action.context === 'object' && action.context !== null ? action.context : {};
  action.context = {
    ...(own as Record<string, unknown>),
    ...env.context,
    uid: env.uid,
    allowed_company_ids: env.companyIds,
  };
  return action;
}

/** A stable id for a default view (the real server has one per model and type). */
const viewId = (model: string, type: string) =>
  [...`${model}.${type}`].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) % 9000, 7) + 1000;

/** Field descriptions as fields_get gives them, for the fields the emulator knows of a model. */
function describe(env: Env, model: string) {
  return Object.fromEntries(
    Object.entries(webFieldsOf(env, model))
      .filter(([name]) => name !== 'id')
      .map(([name, field]) => {
        const { orm: _own, ...rest } = field;
        return [name, { name, string: field.string ?? name, ...rest }];
      }),
  );
}

export function getViews(env: Env, model: string, views: unknown, options: unknown) {
  const wanted = Array.isArray(views) ? (views as [number | false, string][]) : [];
  const toolbar = (options as { toolbar?: boolean } | undefined)?.toolbar === true;
  const root = env.version >= 18 ? 'list' : 'tree';
  const out: Record<string, unknown> = {};
  for (const [id, type] of wanted) {
    const tag = type === 'list' ? root : type;
    out[type] = {
      arch: `<${tag} string="${model}"><field name="display_name"/></${tag}>`,
      id: id || viewId(model, type),
      model,
      ...(toolbar ? { toolbar: {} } : {}),
      ...(type === 'search' && toolbar ? { filters: [] } : {}),
    };
  }
  // The models the views show: this one, and those of its lines.
  const shown = [
    model,
    ...Object.values(webFieldsOf(env, model))
      .filter((field) => field.type === 'one2many' && field.relation)
      .map((field) => field.relation!),
  ];
  const models = Object.fromEntries(
    [...new Set(shown)].map((name) => [
      name,
      env.version >= 18 ? { fields: describe(env, name) } : describe(env, name),
    ]),
  );
  return { views: out, models };
}
