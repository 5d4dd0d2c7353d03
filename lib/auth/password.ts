// Password and PIN hashing with argon2id (OWASP's first choice), via a prebuilt native module.
import { hash, verify } from "@node-rs/argon2";

export function hashSecret(plain: string): Promise<string> {
  return hash(plain);
}

export async function verifySecret(hashed: string, plain: string): Promise<boolean> {
  // An account without a password ("!", imported teachers) is verified against the dummy hash
  // and refused: it must take as long as a real check, or the timing tells which emails exist.
  if (!hashed.startsWith("$argon2")) {
    await verify(await timingDummyHash(), plain).catch(() => false);
    return false;
  }
  try {
    return await verify(hashed, plain);
  } catch {
    return false; // a malformed stored hash never verifies
  }
}

/**
 * A hash of a random value, verified against when an account does not exist, so
 * that sign-in takes the same time for unknown and known emails.
 */
let dummyHash: Promise<string> | undefined;
export function timingDummyHash(): Promise<string> {
  dummyHash ??= hash(crypto.randomUUID());
  return dummyHash;
}
