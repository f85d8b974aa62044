import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (m=19 MiB, t=2), OWASP's baseline. */
export const hashPassword = (plain: string): Promise<string> => hash(plain);

export async function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}

/** A hash of a password nobody has, so that an unknown user costs as much time as a wrong password. */
export const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$FaMiO2yz4X6SrUKdClfFGw$BxgjQOO9XTBYL2UZPCAEj+Bx8zIyX4vhnPtSgCgtUlA';
