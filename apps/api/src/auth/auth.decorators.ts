import { AuthUser, Role } from '@app/identity';
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'auth:public';
export const ROLES = 'auth:roles';

/** Opens an endpoint to callers without a token. Only for what an issue names as public. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The roles that may call an endpoint; without it, any signed-in user may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user);
