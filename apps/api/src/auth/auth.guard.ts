import { DomainError } from '@app/common';
import { AuthService, AuthUser, Role } from '@app/identity';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC, ROLES } from './auth.decorators';

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : null;
}

/** Global guard: every endpoint needs a valid access token unless marked @Public(), and the right role when @Roles() says so. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string>; user?: AuthUser }>();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new DomainError('AUTH.MISSING_TOKEN', '请先登录', 401);
    req.user = this.auth.verifyAccessToken(token);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(req.user.role)) {
      throw new DomainError('AUTH.ROLE_NOT_ALLOWED', '您的角色无权访问此功能', 403, { requiredRoles: roles });
    }
    return true;
  }
}
