import { AppConfig, DomainError } from '@app/common';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'crypto';
import { DataSource, IsNull } from 'typeorm';
import { AuthUser, TokenPair } from './auth.types';
import { LoginAttempts } from './login-attempts';
import { DUMMY_HASH, verifyPassword } from './password';
import { RefreshToken } from './refresh-token.entity';
import { User } from './user.entity';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const invalidLogin = () => new DomainError('AUTH.INVALID_CREDENTIALS', '用户名或密码错误', 401);
const invalidRefresh = () => new DomainError('AUTH.INVALID_REFRESH_TOKEN', '登录已失效，请重新登录', 401);

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly attempts: LoginAttempts,
  ) {}

  /** `client` (the caller's address) keys the failed-login count together with the username. */
  async login(username: string, password: string, client = ''): Promise<TokenPair> {
    const key = `${client}|${username.toLowerCase()}`;
    this.attempts.check(key);
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
    if (!user || !ok || !user.active) {
      this.attempts.fail(key);
      throw invalidLogin();
    }
    this.attempts.succeed(key);
    return this.issue(user, randomUUID());
  }

  /** Rotates: the presented token is spent; reusing a spent one revokes its whole family. */
  async refresh(token: string): Promise<TokenPair> {
    const [id, secret] = token.split('.', 2);
    if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) throw invalidRefresh();
    // The revocation of a stolen family must commit even though the request fails: decide inside, throw outside.
    const outcome = await this.dataSource.transaction(async (m): Promise<TokenPair | 'invalid'> => {
      const tokens = m.getRepository(RefreshToken);
      const row = await tokens.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.tokenHash !== sha256(secret)) return 'invalid';
      if (row.revokedAt) {
        await tokens.update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        return 'invalid';
      }
      if (row.expiresAt.getTime() < Date.now()) return 'invalid';
      const user = await m.getRepository(User).findOne({ where: { id: row.userId } });
      if (!user || !user.active) return 'invalid';
      await tokens.update({ id: row.id }, { revokedAt: new Date() });
      return this.issue(user, row.familyId, tokens);
    });
    if (outcome === 'invalid') throw invalidRefresh();
    return outcome;
  }

  async logout(token: string): Promise<void> {
    const [id] = token.split('.', 1);
    if (!id || !/^[0-9a-f-]{36}$/.test(id)) return;
    const row = await this.dataSource.getRepository(RefreshToken).findOne({ where: { id } });
    if (row)
      await this.dataSource.getRepository(RefreshToken).update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  verifyAccessToken(token: string): AuthUser {
    try {
      const claims = this.jwt.verify<{ sub: string; username: string; role: AuthUser['role']; unitId: number; typ?: string }>(token);
      if (claims.typ !== 'access') throw new Error('wrong token type');
      return { userId: Number(claims.sub), username: claims.username, role: claims.role, unitId: claims.unitId };
    } catch {
      throw new DomainError('AUTH.INVALID_TOKEN', '登录凭证无效或已过期，请重新登录', 401);
    }
  }

  private async issue(user: User, familyId: string, repo = this.dataSource.getRepository(RefreshToken)): Promise<TokenPair> {
    const claims: AuthUser = { userId: user.id, username: user.username, role: user.role, unitId: user.unitId };
    const accessToken = this.jwt.sign(
      { sub: String(user.id), username: user.username, role: user.role, unitId: user.unitId, typ: 'access' },
      { expiresIn: this.config.JWT_ACCESS_TTL_SECONDS },
    );
    const secret = randomBytes(32).toString('base64url');
    const row = await repo.save(
      repo.create({
        userId: user.id,
        familyId,
        tokenHash: sha256(secret),
        expiresAt: new Date(Date.now() + this.config.JWT_REFRESH_TTL_DAYS * 86_400_000),
      }),
    );
    return {
      accessToken,
      refreshToken: `${row.id}.${secret}`,
      expiresIn: this.config.JWT_ACCESS_TTL_SECONDS,
      user: { ...claims, displayName: user.displayName },
    };
  }
}
