/**
 * The calls Odoo's web client makes, with the bodies it sends (test/fixtures/web-client), in
 * the dialect of the server's version. Runtime-agnostic: a WebTransport posts the JSON-RPC bodies,
 * the k6 session in a run and a recording in the Node test.
 */
import type { OdooRpcError } from '../odoo/errors.ts';
import type { RpcResult } from '../odoo/index.ts';
import { specOf, type WebDialect } from './dialect.ts';
import type { Values } from './values.ts';

export interface WebTransport {
  /** POSTs a JSON-RPC `params` body to `path`; `model` and `method` label the call. */
  call<T>(path: string, params: Values, model: string, method: string): RpcResult<T>;
}

/** A flow stops at its first failed call: the error travels up as this, and becomes the result. */
export class FlowStop extends Error {
  constructor(readonly error: OdooRpcError | string) {
    super(typeof error === 'string' ? error : error.message);
  }
}

export interface WebUser {
  uid: number;
  /** The session's user context (lang, tz, uid), with the company the work is for. */
  context: Values;
}

/** The action a menu opens, as `/web/action/load` answers it (the fields a flow uses). */
export interface WindowAction {
  id: number;
  type: string;
  res_model?: string;
  views?: [number | false, string][];
  search_view_id?: [number, string] | false;
}

export class WebClient {
  constructor(
    readonly transport: WebTransport,
    readonly dialect: WebDialect,
    readonly user: WebUser,
  ) {}

  userContext(extra: Values = {}): Values {
    return { ...this.user.context, ...extra };
  }

  spec(flow: string, model: string, method: string) {
    return specOf(this.dialect, flow, model, method);
  }

  writable(key: string): string[] {
    return this.dialect.recorded.writable[key] ?? [];
  }

  parentKeys(lineModel: string) {
    return this.dialect.recorded.parentKeys[lineModel];
  }

  /** The value of a successful call, or a FlowStop carrying its error. */
  must<T>(result: RpcResult<T>): T {
    if (!result.ok) throw new FlowStop(result.error);
    return result.value;
  }

  stop(message: string): FlowStop {
    return new FlowStop(message);
  }

  callKw<T>(model: string, method: string, args: unknown[], kwargs: Values): RpcResult<T> {
    return this.transport.call<T>(
      `/web/dataset/call_kw/${model}/${method}`,
      { model, method, args, kwargs },
      model,
      method,
    );
  }

  /** A form's button (type="object"): 17 posts to call_button, 18 names model and method in the path. */
  button<T>(model: string, method: string, ids: number[], context: Values): T {
    const path = this.dialect.buttonInPath
      ? `/web/dataset/call_button/${model}/${method}`
      : '/web/dataset/call_button';
    return this.must(
      this.transport.call<T>(
        path,
        { args: [ids], kwargs: { context }, method, model },
        model,
        method,
      ),
    );
  }

  route<T>(path: string, params: Values): T {
    return this.must(
      this.transport.call<T>(path, params, 'route', path.split('/').slice(-2).join('/')),
    );
  }

  loadAction(actionId: number | string): WindowAction {
    const context = this.dialect.actionContextKey === 'context' ? this.userContext() : {};
    return this.route<WindowAction>('/web/action/load', {
      action_id: actionId,
      [this.dialect.actionContextKey]: context,
    });
  }

  /** 18: a server action (the Deliveries menu) run for the window action it returns. */
  runAction(actionId: number): WindowAction {
    return this.route<WindowAction>('/web/action/run', {
      action_id: actionId,
      context: this.userContext(),
    });
  }

  /** The views of an action (or of a dialog's form when `action` is false). */
  getViews(model: string, views: [number | false, string][], action: WindowAction | false): void {
    const windowed = action !== false;
    this.must(
      this.callKw(model, 'get_views', [], {
        context: this.userContext(),
        views,
        options: {
          action_id: windowed ? action.id : false,
          ...(this.dialect.embeddedActions
            ? { embedded_action_id: false, embedded_parent_res_id: false }
            : {}),
          load_filters: windowed,
          toolbar: windowed,
        },
      }),
    );
  }

  /** An action's views as the web client asks for them: the action's own, then its search view. */
  openAction(action: WindowAction): void {
    const search: [number | false, string] = [
      action.search_view_id ? action.search_view_id[0] : false,
      'search',
    ];
    this.getViews(action.res_model ?? '', [...(action.views ?? []), search], action);
  }

  webSearchRead<T = { length: number; records: Values[] }>(
    model: string,
    flow: string,
    domain: unknown[],
    context: Values = {},
  ): T {
    const legacy = this.dialect.recorded.legacy;
    if (legacy)
      return this.must(
        this.callKw<T>(model, 'web_search_read', [], {
          limit: 80,
          offset: 0,
          order: '',
          context: this.userContext({ bin_size: true, ...context }),
          count_limit: 10001,
          domain,
          fields: legacy.searchFields[`${flow}:${model}`] ?? ['display_name'],
        }),
      );
    return this.must(
      this.callKw<T>(model, 'web_search_read', [], {
        specification: this.spec(flow, model, 'web_search_read'),
        offset: 0,
        order: '',
        limit: 80,
        context: this.userContext({
          bin_size: true,
          ...context,
          current_company_id: this.companyId(),
        }),
        count_limit: 10001,
        domain,
      }),
    );
  }

  webRead(model: string, flow: string, id: number, context: Values = {}): Values {
    const records = this.must(
      this.callKw<Values[]>(model, 'web_read', [[id]], {
        context: this.userContext({ bin_size: true, ...context }),
        specification: this.spec(flow, model, 'web_read'),
      }),
    );
    if (!records[0]) throw this.stop(`${model}.web_read found no record ${id}`);
    return records[0];
  }

  /**
   * A many2one's dropdown: sent on focus with an empty text, and again with what was typed. 19 sends
   * `web_name_search` with the dropdown's specification and answers records; both come back as pairs.
   */
  nameSearch(
    model: string,
    flow: string,
    name: string,
    domain: unknown[],
    context: Values,
  ): [number, string][] {
    const search = { name, operator: 'ilike' };
    const rest = { limit: 8, context: this.userContext(context) };
    if (this.dialect.nameSearch === 'name_search')
      return this.must(
        this.callKw<[number, string][]>(model, 'name_search', [], {
          ...search,
          args: domain,
          ...rest,
        }),
      );
    const records = this.must(
      this.callKw<{ id: number; display_name: string }[]>(model, 'web_name_search', [], {
        ...search,
        domain,
        ...rest,
        specification: this.spec(flow, model, 'web_name_search'),
      }),
    );
    return records.map((record) => [record.id, record.display_name]);
  }

  /**
   * A many2one picked as the version's client does it: focus (an empty search), then the typed text
   * searched after the pick (17, 18: the search answers late) or before it (19).
   */
  searchAndPick(
    model: string,
    flow: string,
    typed: string,
    domain: unknown[],
    context: Values,
    pick: () => void,
  ): void {
    this.nameSearch(model, flow, '', domain, context);
    if (this.dialect.typedBeforePick) this.nameSearch(model, flow, typed, domain, context);
    pick();
    if (!this.dialect.typedBeforePick) this.nameSearch(model, flow, typed, domain, context);
  }

  /** 17 and 18 ask whether the user may export when a list opens. */
  listOpened(): void {
    if (this.dialect.exportGroupCheck) this.hasGroup('base.group_allow_export');
  }

  /** 19 reads the company currency's rate when a list with amounts opens. */
  currencyRate(currencyId: number | undefined): void {
    if (!this.dialect.currencyRate) return;
    if (currencyId === undefined)
      throw this.stop('the company currency is unknown: its rate is read');
    this.must(
      this.callKw('res.currency', 'read', [[currencyId], ['inverse_rate']], {
        context: this.userContext({ to_currency: currencyId }),
      }),
    );
  }

  hasGroup(group: string): void {
    const args = this.dialect.hasGroupOnUser ? [this.user.uid, group] : [group];
    this.must(this.callKw(`res.users`, 'has_group', args, { context: this.userContext() }));
  }

  /** Whether the user may write a model, asked before showing edit buttons. */
  canWrite(model: string): void {
    if (this.dialect.accessCheck === 'none') return;
    const args = this.dialect.accessCheck === 'has_access' ? [[], 'write'] : ['write', false];
    this.must(this.callKw(model, this.dialect.accessCheck, args, { context: this.userContext() }));
  }

  /**
   * The chatter of an opened record: its data, then its messages (19: the other way round); answers
   * the newest message id.
   */
  openThread(model: string, id: number): number | undefined {
    if (this.dialect.chatterRefresh) {
      const newest = this.threadMessages(model, id);
      this.threadData(model, id);
      this.threadMessages(model, id, newest);
      this.threadData(model, id);
      return newest;
    }
    if (this.dialect.thread === 'mail_data') {
      const newest = this.threadMessages(model, id);
      this.threadData(model, id);
      return newest;
    }
    this.threadData(model, id);
    return this.threadMessages(model, id);
  }

  /** What the chatter shows beside the messages (activities, followers, attachments…). */
  threadData(model: string, id: number): void {
    const thread = {
      request_list: this.dialect.recorded.threadRequestList,
      thread_id: id,
      thread_model: model,
    };
    if (this.dialect.thread === 'thread_data') this.route('/mail/thread/data', thread);
    else
      this.route('/mail/data', {
        fetch_params: [['mail.thread', { access_params: {}, ...thread }]],
        context: this.userContext(),
      });
  }

  /** The chatter's messages, or those after the newest it already shows (16: `min_id`). */
  threadMessages(model: string, id: number, after?: number): number | undefined {
    const newer = this.dialect.forms === 'legacy' ? 'min_id' : 'after';
    const page = { limit: 30, ...(after ? { [newer]: after } : {}) };
    const answer = this.route<{ messages?: { id: number }[]; data?: unknown }>(
      '/mail/thread/messages',
      {
        thread_id: id,
        thread_model: model,
        ...(this.dialect.thread === 'mail_data' ? { fetch_params: page } : page),
      },
    );
    const ids = (answer?.messages ?? []).map((message) =>
      typeof message === 'number' ? message : message.id,
    );
    return ids.length ? Math.max(...ids, after ?? 0) : after;
  }

  /** A list's onboarding banner (16 and 17), by the version's route. */
  onboarding(name: keyof WebDialect['onboarding']): void {
    const path = this.dialect.onboarding[name];
    if (path) this.route(path, { context: this.userContext() });
  }

  /** The company's currency (a setup read: people never ask for it). */
  companyCurrency(): number {
    const [company] = this.must(
      this.callKw<{ currency_id: [number, string] }[]>(
        'res.company',
        'read',
        [[this.companyId()], ['currency_id']],
        { context: this.userContext() },
      ),
    );
    if (!company) throw this.stop(`company ${this.companyId()} is not readable`);
    return company.currency_id[0];
  }

  companyId(): number {
    const ids = this.user.context.allowed_company_ids as number[] | undefined;
    return ids?.[0] ?? 1;
  }
}
