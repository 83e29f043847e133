import { hash, verify } from '@node-rs/argon2'

/** @node-rs/argon2 defaults to Argon2id; these are the OWASP minimum parameters for it. */
const argonOptions = { memoryCost: 19456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}
