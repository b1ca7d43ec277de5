import { gcm } from '@noble/ciphers/aes.js';
import { scrypt, scryptAsync } from '@noble/hashes/scrypt.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base64UrlDecode, base64UrlEncode } from './base64url.js';
import { ChipiSessionError, invalidInput } from './ChipiSessionError.js';
import { type FeltLike, parseFelt, parseNonZeroFelt, toFeltHex } from './felt.js';
import { defaultRandomBytes, getPublicKey, type RandomBytes } from './sessionKeyPair.js';
import { parsePrivateKey, toHex64 } from './starkCurve.js';

/** Envelope prefix and version: `cs1.` then base64url JSON. */
export const KEY_ENVELOPE_PREFIX = 'cs1.';

/** scrypt cost parameters. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** Default scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1–0.3 s). */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = { N: 2 ** 15, r: 8, p: 1 };

/** Cheap scrypt cost, accepted only through `kdfParams: 'insecure-fast-for-tests'`. */
const INSECURE_TEST_PARAMS: Readonly<ScryptParams> = { N: 2 ** 4, r: 8, p: 1 };

const MIN_SECURE_N = 2 ** 15;
const MAX_N = 2 ** 20;
const MAX_MEMORY = 2 ** 28; // 128·N·r bytes; caps what a forged envelope can make us allocate

/** The JSON inside a `cs1.` envelope. */
interface EnvelopeBody {
  v: 1;
  kdf: 'scrypt';
  n: number;
  r: number;
  p: number;
  salt: string;
  alg: 'aes-256-gcm';
  iv: string;
  wallet: string;
  pub: string;
  ct: string;
}

/** Parameters of `encryptPrivateKey`. */
export interface EncryptPrivateKeyParameters {
  privateKey: FeltLike;
  /** The user's PIN or passphrase (NFKC-normalized). */
  pin: string;
  /** The wallet (account address) the key belongs to; bound as associated data. */
  walletAddress: FeltLike;
  /** Expected public key of `privateKey`; checked when given, derived otherwise. */
  sessionPublicKey?: FeltLike;
  /** scrypt cost; `'insecure-fast-for-tests'` selects a trivial cost for unit tests only. */
  kdfParams?: ScryptParams | 'insecure-fast-for-tests';
  /** Random source for the salt and nonce. */
  random?: RandomBytes;
}

/**
 * Encrypts a Stark private key under a PIN: scrypt (random 16-byte salt) → AES-256-GCM (random
 * 12-byte nonce), with associated data binding the envelope version, the KDF parameters, the
 * wallet address and the public key. Returns a compact `cs1.<base64url JSON>` string.
 *
 * @example
 * ```ts
 * const envelope = encryptPrivateKey({ privateKey, pin: '1234', walletAddress });
 * ```
 */
export function encryptPrivateKey(params: EncryptPrivateKeyParameters): string {
  const plan = planEncryption(params);
  return sealEnvelope(plan, deriveKey(params.pin, plan.salt, plan.cost));
}

/**
 * `encryptPrivateKey` with the scrypt KDF run in slices that yield to the event loop, so a page
 * stays responsive while the key is derived. Produces the same envelope format.
 */
export async function encryptPrivateKeyAsync(params: EncryptPrivateKeyParameters): Promise<string> {
  const plan = planEncryption(params);
  return sealEnvelope(plan, await deriveKeyAsync(params.pin, plan.salt, plan.cost));
}

interface EncryptionPlan {
  body: Omit<EnvelopeBody, 'ct'>;
  salt: Uint8Array;
  cost: ScryptParams;
  key: bigint;
}

function planEncryption(params: EncryptPrivateKeyParameters): EncryptionPlan {
  checkPin(params.pin);
  const key = parsePrivateKey(params.privateKey);
  const pub = getPublicKey(key);
  if (params.sessionPublicKey !== undefined && parseFelt(params.sessionPublicKey) !== BigInt(pub)) {
    throw invalidInput('sessionPublicKey is not the public key of privateKey');
  }
  const wallet = toFeltHex(parseNonZeroFelt(params.walletAddress, 'walletAddress'));
  const cost = resolveEncryptParams(params.kdfParams);
  const random = params.random ?? defaultRandomBytes;
  const salt = random(16);
  const iv = random(12);
  if (salt.length !== 16 || iv.length !== 12)
    throw invalidInput('random source returned wrong length');
  const body: Omit<EnvelopeBody, 'ct'> = {
    v: 1,
    kdf: 'scrypt',
    n: cost.N,
    r: cost.r,
    p: cost.p,
    salt: base64UrlEncode(salt),
    alg: 'aes-256-gcm',
    iv: base64UrlEncode(iv),
    wallet,
    pub,
  };
  return { body, salt, cost, key };
}

function sealEnvelope(plan: EncryptionPlan, aesKey: Uint8Array): string {
  const { body } = plan;
  const plaintext = hexToBytes32(toHex64(plan.key));
  const ct = gcm(
    aesKey,
    base64UrlDecode(body.iv),
    associatedData(body, body.wallet, body.pub),
  ).encrypt(plaintext);
  const json = JSON.stringify({ ...body, ct: base64UrlEncode(ct) });
  return KEY_ENVELOPE_PREFIX + base64UrlEncode(utf8ToBytes(json));
}

/** Parameters of `decryptPrivateKey`. */
export interface DecryptPrivateKeyParameters {
  envelope: string;
  pin: string;
  /** The wallet the key must belong to. */
  walletAddress: FeltLike;
  /** The public key the key must derive; defaults to the one recorded in the envelope. */
  sessionPublicKey?: FeltLike;
}

/**
 * Decrypts a `cs1.` envelope and returns the private key (hex). A wrong PIN, a different wallet
 * or public key, any altered byte, a malformed envelope, or a key that does not derive the
 * expected public key all throw `ChipiSessionError('SESSION_DECRYPTION_FAILED')`.
 */
export function decryptPrivateKey(params: DecryptPrivateKeyParameters): string {
  const plan = planDecryption(params);
  let aesKey: Uint8Array;
  try {
    aesKey = deriveKey(params.pin, plan.salt, plan.cost);
  } catch (cause) {
    throw authenticationFailed(cause);
  }
  return openEnvelope(plan, aesKey);
}

/**
 * `decryptPrivateKey` with the scrypt KDF run in slices that yield to the event loop, so a page
 * stays responsive while the key is derived. Fails exactly as `decryptPrivateKey` does.
 */
export async function decryptPrivateKeyAsync(params: DecryptPrivateKeyParameters): Promise<string> {
  const plan = planDecryption(params);
  let aesKey: Uint8Array;
  try {
    aesKey = await deriveKeyAsync(params.pin, plan.salt, plan.cost);
  } catch (cause) {
    throw authenticationFailed(cause);
  }
  return openEnvelope(plan, aesKey);
}

interface DecryptionPlan {
  body: EnvelopeBody;
  wallet: string;
  pub: string;
  salt: Uint8Array;
  cost: ScryptParams;
}

function planDecryption(params: DecryptPrivateKeyParameters): DecryptionPlan {
  checkPin(params.pin);
  const body = parseEnvelope(params.envelope);
  const wallet = toFeltHex(parseNonZeroFelt(params.walletAddress, 'walletAddress'));
  const pub =
    params.sessionPublicKey === undefined
      ? body.pub
      : toFeltHex(parseNonZeroFelt(params.sessionPublicKey));
  let salt: Uint8Array;
  try {
    salt = base64UrlDecode(body.salt);
  } catch (cause) {
    throw authenticationFailed(cause);
  }
  return { body, wallet, pub, salt, cost: { N: body.n, r: body.r, p: body.p } };
}

function openEnvelope(plan: DecryptionPlan, aesKey: Uint8Array): string {
  const { body, wallet, pub } = plan;
  let plaintext: Uint8Array;
  try {
    const iv = base64UrlDecode(body.iv);
    const ct = base64UrlDecode(body.ct);
    plaintext = gcm(aesKey, iv, associatedData(body, wallet, pub)).decrypt(ct);
  } catch (cause) {
    throw authenticationFailed(cause);
  }
  if (plaintext.length !== 32) throw failed('decrypted key has the wrong length');
  const privateKey = `0x${Array.from(plaintext, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  let derived: string;
  try {
    derived = getPublicKey(privateKey);
  } catch (cause) {
    throw failed('decrypted key is not a Stark private key', cause);
  }
  if (BigInt(derived) !== BigInt(pub)) throw failed('decrypted key does not match the public key');
  return privateKey;
}

/** Reads the public metadata of an envelope (wallet, public key, KDF) without decrypting. */
export function inspectKeyEnvelope(envelope: string): {
  version: 1;
  walletAddress: string;
  publicKey: string;
  kdf: ScryptParams;
} {
  const body = parseEnvelope(envelope);
  return {
    version: 1,
    walletAddress: body.wallet,
    publicKey: body.pub,
    kdf: { N: body.n, r: body.r, p: body.p },
  };
}

function resolveEncryptParams(params: EncryptPrivateKeyParameters['kdfParams']): ScryptParams {
  if (params === 'insecure-fast-for-tests') return INSECURE_TEST_PARAMS;
  const cost = params ?? DEFAULT_SCRYPT_PARAMS;
  checkCost(cost, invalidInput);
  if (cost.N < MIN_SECURE_N) throw invalidInput(`scrypt N must be at least ${MIN_SECURE_N}`);
  return { N: cost.N, r: cost.r, p: cost.p };
}

function checkCost(cost: ScryptParams, err: (message: string) => Error): void {
  const { N, r, p } = cost;
  const ok =
    Number.isSafeInteger(N) &&
    Number.isSafeInteger(r) &&
    Number.isSafeInteger(p) &&
    N >= 2 &&
    N <= MAX_N &&
    (N & (N - 1)) === 0 &&
    r >= 1 &&
    r <= 32 &&
    p >= 1 &&
    p <= 16 &&
    128 * N * r <= MAX_MEMORY;
  if (!ok) throw err(`unsupported scrypt parameters N=${N} r=${r} p=${p}`);
}

function checkPin(pin: unknown): void {
  if (typeof pin !== 'string' || pin.length === 0)
    throw invalidInput('pin must be a non-empty string');
}

function deriveKey(pin: string, salt: Uint8Array, cost: ScryptParams): Uint8Array {
  return scrypt(utf8ToBytes(pin.normalize('NFKC')), salt, { ...cost, dkLen: 32 });
}

/** Longest stretch, in ms, the async KDF runs before yielding to the event loop. */
const KDF_ASYNC_TICK_MS = 10;

function deriveKeyAsync(pin: string, salt: Uint8Array, cost: ScryptParams): Promise<Uint8Array> {
  const password = utf8ToBytes(pin.normalize('NFKC'));
  return scryptAsync(password, salt, { ...cost, dkLen: 32, asyncTick: KDF_ASYNC_TICK_MS });
}

function associatedData(body: Omit<EnvelopeBody, 'ct'>, wallet: string, pub: string): Uint8Array {
  const fields = [
    'cs1',
    body.kdf,
    body.n,
    body.r,
    body.p,
    body.salt,
    body.alg,
    body.iv,
    wallet,
    pub,
  ];
  return utf8ToBytes(fields.join('|'));
}

function parseEnvelope(envelope: string): EnvelopeBody {
  if (typeof envelope !== 'string') throw failed('envelope is not a string');
  if (envelope.startsWith('U2FsdGVkX1')) {
    throw failed(
      'legacy AES-CBC/MD5 envelopes are not supported; re-create the session key',
      undefined,
      'legacy-format',
    );
  }
  if (!envelope.startsWith(KEY_ENVELOPE_PREFIX)) {
    throw failed('not a cs1 key envelope', undefined, 'malformed');
  }
  let body: unknown;
  try {
    body = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(base64UrlDecode(envelope.slice(4))),
    );
  } catch (cause) {
    throw failed('malformed key envelope', cause, 'malformed');
  }
  const b = body as Partial<EnvelopeBody> | null;
  const strings = [b?.salt, b?.iv, b?.wallet, b?.pub, b?.ct];
  if (
    b === null ||
    typeof b !== 'object' ||
    b.v !== 1 ||
    b.kdf !== 'scrypt' ||
    b.alg !== 'aes-256-gcm' ||
    strings.some((s) => typeof s !== 'string')
  ) {
    throw failed('malformed or unsupported key envelope', undefined, 'malformed');
  }
  const full = b as EnvelopeBody;
  if (!/^0x[0-9a-f]+$/.test(full.wallet) || !/^0x[0-9a-f]+$/.test(full.pub)) {
    throw failed('malformed key envelope', undefined, 'malformed');
  }
  checkCost({ N: full.n, r: full.r, p: full.p }, (message) =>
    failed(message, undefined, 'malformed'),
  );
  return full;
}

function hexToBytes32(hex: string): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function authenticationFailed(cause: unknown): ChipiSessionError {
  return failed('authentication failed (wrong PIN, wallet or public key, or altered data)', cause);
}

function failed(message: string, cause?: unknown, reason = 'authentication'): ChipiSessionError {
  return new ChipiSessionError('SESSION_DECRYPTION_FAILED', message, {
    details: { reason },
    ...(cause === undefined ? {} : { cause }),
  });
}
