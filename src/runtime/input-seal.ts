import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { canonicalJson } from "../hash/canonical-hash.js";

/**
 * What a run keeps of an input it stored redacted, so that a resumed run can be given its input again and have it
 * checked: a salted, deliberately slow hash (scrypt) of the whole input, never the values. A plain sha256 would do
 * for a long random API key, but not for a short or structured secret (a card or social security number): with the
 * hash in the store, all its candidates could be hashed quickly. A per-run salt and scrypt's cost make each try
 * deliberately expensive, so the same search is out of reach.
 */
export interface InputSeal {
  /** The hash and its costs, so that a later version can change them and still read this one. */
  kdf: typeof kdf;
  /** 16 random bytes, hex. */
  salt: string;
  /** 32 bytes, hex. */
  digest: string;
}

const kdf = "scrypt:N=16384,r=8,p=1";
const costs = { N: 16384, r: 8, p: 1 };

function derive(input: unknown, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(canonicalJson(input), salt, 32, costs, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** Seals a run's input (the one it stores redacted). */
export async function sealInput(input: unknown): Promise<InputSeal> {
  const salt = randomBytes(16);
  return { kdf, salt: salt.toString("hex"), digest: (await derive(input, salt)).toString("hex") };
}

/** Whether `input` is the input `seal` was made of; a seal of an unknown kind matches nothing. */
export async function matchesSeal(input: unknown, seal: InputSeal): Promise<boolean> {
  if (seal.kdf !== kdf) return false;
  const expected = Buffer.from(seal.digest, "hex");
  const actual = await derive(input, Buffer.from(seal.salt, "hex"));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
