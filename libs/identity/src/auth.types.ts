import { Role } from './user.entity';

/** The claims in an access token, and what every request carries once authenticated. */
export interface AuthUser {
  userId: number;
  username: string;
  role: Role;
  unitId: number;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: AuthUser & { displayName: string };
}
