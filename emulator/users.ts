/** Credentials and per-user company access, checked the way res.users does (docs/odoo-protocol.md §1.1, §2.2, §3.1). */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { accessError } from './errors.ts';

export interface UserInfo {
  uid: number;
  login: string;
  name: string;
  partnerId: number;
  companyId: number;
  companyIds: number[];
  companies: { id: number; name: string; sequence: number; parentId: number | null }[];
}

export const hashPassword = (password: string) =>
  createHash('sha256').update(password).digest('hex');

/** Caches user rows and successful (uid, password) checks per process, as `res.users.check` does. */
export class Users {
  private readonly byId = new Map<number, UserInfo>();
  private readonly verified = new Set<string>();
  constructor(private readonly pool: pg.Pool) {}

  /**
   * The uid for a login and password, or null when they do not match an active user. External
   * logins (`common.login`) also accept an API key; the web session login does not (docs/odoo-protocol.md §3.1).
   */
  async authenticate(
    login: string,
    password: string,
    allowApiKey: boolean,
  ): Promise<number | null> {
    const { rows } = await this.pool.query<{ id: number; password_hash: string }>(
      'SELECT id, password_hash FROM res_users WHERE login = $1 AND active',
      [login],
    );
    const user = rows[0];
    if (!user) return null;
    if (user.password_hash === hashPassword(password)) return user.id;
    return allowApiKey && (await this.matchesApiKey(user.id, password)) ? user.id : null;
  }

  /** `res.users.check(db, uid, password)` for stateless external calls: password or API key, cached. */
  async check(uid: number, secret: string): Promise<boolean> {
    const key = `${uid}:${hashPassword(secret)}`;
    if (this.verified.has(key)) return true;
    const { rows } = await this.pool.query(
      'SELECT 1 FROM res_users WHERE id = $1 AND password_hash = $2 AND active',
      [uid, hashPassword(secret)],
    );
    const ok = rows.length > 0 || (await this.matchesApiKey(uid, secret));
    if (ok) this.verified.add(key);
    return ok;
  }

  /** The user owning an API key (for JSON-2 bearer auth), or null. */
  async userOfApiKey(secret: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ user_id: number }>(
      `SELECT user_id FROM res_users_apikeys WHERE index = $1 AND key_hash = $2 AND (expiration_date IS NULL OR expiration_date > now() at time zone 'utc')`,
      [secret.slice(0, 8), hashPassword(secret)],
    );
    return rows[0]?.user_id ?? null;
  }

  private async matchesApiKey(uid: number, secret: string): Promise<boolean> {
    return (await this.userOfApiKey(secret)) === uid;
  }

  async info(uid: number): Promise<UserInfo> {
    const cached = this.byId.get(uid);
    if (cached) return cached;
    const { rows } = await this.pool.query(
      `SELECT u.id, u.login, p.name, u.partner_id, u.company_id,
              json_agg(json_build_object('id', c.id, 'name', c.name, 'sequence', c.sequence, 'parentId', c.parent_id) ORDER BY c.sequence, c.id) AS companies
         FROM res_users u JOIN res_partner p ON p.id = u.partner_id
         JOIN res_company_users_rel r ON r.user_id = u.id JOIN res_company c ON c.id = r.cid
        WHERE u.id = $1 GROUP BY u.id, p.name`,
      [uid],
    );
    const row = rows[0];
    if (!row) throw accessError('Access Denied');
    const info: UserInfo = {
      uid: row.id,
      login: row.login,
      name: row.name,
      partnerId: row.partner_id,
      companyId: row.company_id,
      companies: row.companies,
      companyIds: row.companies.map((company: { id: number }) => company.id),
    };
    this.byId.set(uid, info);
    return info;
  }

  /**
   * `env.company` / `env.companies` from the context: the first allowed id is current; an id the
   * user does not belong to is refused; without the key, the default company and all of the user's.
   */
  async companyScope(
    uid: number,
    context: Record<string, unknown>,
  ): Promise<{ companyId: number; companyIds: number[] }> {
    const user = await this.info(uid);
    const allowed = context.allowed_company_ids;
    if (!Array.isArray(allowed) || allowed.length === 0)
      return { companyId: user.companyId, companyIds: user.companyIds };
    const ids = allowed.map(Number);
    if (ids.some((id) => !user.companyIds.includes(id)))
      throw accessError('Access to unauthorized or invalid companies.');
    return { companyId: ids[0]!, companyIds: ids };
  }
}
