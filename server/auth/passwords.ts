/**
 * Password hashing (argon2id through @node-rs/argon2) and the password policy.
 *
 * Parameters: 46 MiB, 4 passes, 1 lane. On the 2-core reference machine a verify takes 50–60 ms
 * (19 MiB × 2 passes took 10 ms, 64 MiB × 3 took 72 ms) and a whole sign-in over HTTP p50 53 ms,
 * p99 82 ms; `npx tsx test/bench/sign-in.ts` measures it. Hashes carry their parameters, so changing these later keeps old
 * hashes verifiable; `needsRehash` says when a successful sign-in should store a new one.
 */
import { hash, hashSync, verify, type Algorithm } from '@node-rs/argon2';

/** Algorithm.Argon2id (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2 as Algorithm;

export const PASSWORD_HASH_PARAMS = { algorithm: ARGON2ID, memoryCost: 47_104, timeCost: 4, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
/** Longer inputs are refused before hashing: nobody types them, and they would only cost time. */
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_PARAMS);
}

/** For start-up (the first administrator, the dummy hash), where waiting is fine. */
export function hashPasswordSync(password: string): string {
  return hashSync(password, PASSWORD_HASH_PARAMS);
}

/** False for a wrong password and for a hash that does not parse (never throws on bad input). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** True when the hash was made with other parameters than today's. */
export function needsRehash(passwordHash: string): boolean {
  const p = PASSWORD_HASH_PARAMS;
  return !passwordHash.startsWith(`$argon2id$v=19$m=${p.memoryCost},t=${p.timeCost},p=${p.parallelism}$`);
}

/** A password the policy refuses, in both languages of the UI. */
export class PasswordPolicyError extends Error {
  constructor(readonly zh: string, readonly en: string) {
    super(en);
  }
}

/** Throws PasswordPolicyError naming the first rule the password breaks. */
export function checkPasswordPolicy(password: string, username: string): void {
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) {
    throw new PasswordPolicyError(`密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`, `the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (chars.length > MAX_PASSWORD_LENGTH) {
    throw new PasswordPolicyError(`密码不能超过 ${MAX_PASSWORD_LENGTH} 个字符`, `the password must have at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) {
    throw new PasswordPolicyError('密码不能与用户名相同', 'the password must not be the username');
  }
  if (chars.every((c) => c === chars[0])) {
    throw new PasswordPolicyError('密码不能只由同一个字符组成', 'the password must not be one character repeated');
  }
}
