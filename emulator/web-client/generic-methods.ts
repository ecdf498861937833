/**
 * The web client's methods on every model (addons/web/models/models.py: web_read, web_search_read,
 * onchange, web_save; base's access checks and get_views), added to the ORM's generic methods where
 * the emulator serves the web client.
 */
import { baseSignature, type GenericMethods, optional } from '../orm/model.ts';
import * as orm from '../orm/records.ts';
import * as web from './methods.ts';
import { accessCheck } from './models.ts';
import { getViews } from './views.ts';

export const WEB_METHODS: GenericMethods = {
  web_read: {
    kind: 'record',
    signature: baseSignature([{ name: 'specification', required: true }]),
    run: (env, model, ids, a) => web.webRead(env, model.name, ids, a.specification as never),
  },
  web_search_read: {
    kind: 'model',
    signature: baseSignature([
      { name: 'domain', required: true },
      { name: 'specification', required: true },
      ...optional('offset', 'limit', 'order', 'count_limit'),
    ]),
    run: (env, model, _ids, a) => web.webSearchRead(env, model.name, a),
  },
  onchange: {
    kind: 'record',
    signature: baseSignature([
      { name: 'values', required: true },
      { name: 'field_names', required: true },
      { name: 'fields_spec', required: true },
    ]),
    run: (env, model, _ids, a) => web.onchange(env, model.name, a),
  },
  web_save: {
    kind: 'record',
    signature: baseSignature([
      { name: 'vals', required: true },
      { name: 'specification', required: true },
      ...optional('next_id'),
    ]),
    run: (env, model, ids, a) =>
      web.webSave(env, model, ids, a, (e, vals) =>
        model.createRecord ? model.createRecord(e, vals) : orm.create(e, model, vals),
      ),
  },
  check_access_rights: {
    kind: 'model',
    signature: baseSignature([
      { name: 'operation', required: true },
      ...optional('raise_exception'),
    ]),
    run: async (env, model, _ids, a) =>
      accessCheck(env, model.name, 'check_access_rights', a.operation, a.raise_exception),
  },
  has_access: {
    kind: 'record',
    signature: baseSignature([{ name: 'operation', required: true }]),
    run: async (env, model, _ids, a) =>
      accessCheck(env, model.name, 'has_access', a.operation, false),
  },
  get_views: {
    kind: 'model',
    signature: baseSignature([{ name: 'views', required: true }, ...optional('options')]),
    run: async (env, model, _ids, a) => getViews(env, model.name, a.views, a.options),
  },
};
