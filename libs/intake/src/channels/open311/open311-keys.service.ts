import { AppConfig, forbidden, notFound } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'crypto';
import { DataSource } from 'typeorm';
import { Open311ApiKey } from './open311-api-key.entity';

/** Who sent a request: the intake record's `account` (never the key itself). */
export interface Open311Caller {
  account: string;
}

export interface Open311KeyView {
  id: number;
  name: string;
  keyPrefix: string;
  active: boolean;
  createdBy: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  deactivatedAt: Date | null;
}

const KEY_PREFIX = 'o311_';
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

const toView = (k: Open311ApiKey): Open311KeyView => ({
  id: k.id,
  name: k.name,
  keyPrefix: k.keyPrefix,
  active: k.active,
  createdBy: k.createdBy,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  deactivatedAt: k.deactivatedAt,
});

/**
 * Open311 API keys: those admins issue (stored as hashes) and those the deployment configures in
 * OPEN311_API_KEYS (for a client set up before any admin exists, or kept out of the database).
 */
@Injectable()
export class Open311KeyService {
  private readonly configured: { hash: Buffer; account: string }[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.configured = (config.OPEN311_API_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== '')
      .map((k) => ({ hash: sha256(k), account: `env:${sha256(k).toString('hex').slice(0, 12)}` }));
  }

  /** A new key for a client: returned this once, in full; afterwards only its prefix is shown. */
  async create(name: string, userId: number): Promise<Open311KeyView & { key: string }> {
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const repo = this.dataSource.getRepository(Open311ApiKey);
    const saved = await repo.save(
      repo.create({ name, keyHash: sha256(key).toString('hex'), keyPrefix: key.slice(0, 9), active: true, createdBy: userId }),
    );
    return { ...toView(saved), key };
  }

  async list(): Promise<Open311KeyView[]> {
    const keys = await this.dataSource.getRepository(Open311ApiKey).find({ order: { id: 'DESC' } });
    return keys.map(toView);
  }

  /** Refused from the next request on; the row stays, for the intake records that name it. */
  async deactivate(id: number): Promise<Open311KeyView> {
    const repo = this.dataSource.getRepository(Open311ApiKey);
    const key = Number.isInteger(id) && id > 0 && id <= 2_147_483_647 ? await repo.findOneBy({ id }) : null;
    if (!key) throw notFound('OPEN311.KEY_NOT_FOUND', `Open311 API 密钥 ${id} 不存在`, { id });
    if (key.active) {
      key.active = false;
      key.deactivatedAt = new Date();
      await repo.save(key);
    }
    return toView(key);
  }

  /** The caller behind an api_key, or 403 in the same words whether the key is missing, unknown or deactivated. */
  async verify(apiKey: unknown): Promise<Open311Caller> {
    const refused = () => forbidden('OPEN311.INVALID_API_KEY', 'api_key 缺失或无效，无法提交服务请求');
    if (typeof apiKey !== 'string' || apiKey === '' || apiKey.length > 200) throw refused();
    const hash = sha256(apiKey);
    const env = this.configured.find((k) => timingSafeEqual(k.hash, hash));
    if (env) return { account: env.account };
    const [found] = (await this.dataSource.query(
      `SELECT id, last_used_at < now() - interval '1 minute' OR last_used_at IS NULL AS stale
       FROM open311_api_key WHERE key_hash = $1 AND active`,
      [hash.toString('hex')],
    )) as { id: number; stale: boolean }[];
    if (!found) throw refused();
    // To the minute: a busy client does not rewrite the row on every request.
    if (found.stale) await this.dataSource.query(`UPDATE open311_api_key SET last_used_at = now() WHERE id = $1`, [found.id]);
    return { account: `key:${found.id}` };
  }
}
