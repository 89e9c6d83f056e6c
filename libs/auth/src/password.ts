import argon2 from 'argon2';

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane). */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, OPTIONS);
}

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/** Spends the time of one verification when the e-mail is unknown, so timing does not reveal accounts. */
export async function verifyAgainstDummy(plain: string): Promise<false> {
  dummy ??= hashPassword('not-a-real-password-ventanilla');
  await verifyPassword(await dummy, plain);
  return false;
}

export const PASSWORD_MIN_LENGTH = 12;

/** Long passphrases are welcome; beyond this a password is only a way to make argon2 work for nothing. */
export const PASSWORD_MAX_LENGTH = 1000;
