import {
  ChipiSessionError,
  createSessionKeyPair,
  type EncryptPrivateKeyParameters,
  encryptPrivateKey,
  encryptPrivateKeyAsync,
  isChipiSessionError,
  parseNonZeroFelt,
  type RandomBytes,
  type ScryptParams,
  toFeltHex,
} from '@chipi-sessions/core';
import type { KeyCache } from './KeyCache.js';
import type { CreateSessionKeyParams, SessionKeyData } from './types.js';

/** Default session lifetime: 6 hours. */
export const DEFAULT_SESSION_DURATION_SECONDS = 21_600;

/** Longest accepted session lifetime: one year. */
export const MAX_SESSION_DURATION_SECONDS = 31_536_000;

/** What `createSessionKey` needs besides its parameters. */
export interface CreateSessionKeyContext {
  /** Current unix time in seconds. */
  now: () => number;
  kdfParams?: ScryptParams | 'insecure-fast-for-tests';
  random?: RandomBytes;
  /** When given, the new key is remembered so its first use costs no KDF. */
  keyCache?: KeyCache;
}

/**
 * Generates a session key pair locally and encrypts the private key under `encryptKey` (scrypt +
 * AES-256-GCM, `cs1.` envelope). Nothing leaves the device and nothing is stored. Synchronous: the
 * KDF runs on the calling thread (about 0.1–0.3 s with the default cost); in a browser use
 * `createSessionKeyAsync`.
 *
 * The envelope is bound to `walletAddress` when given, otherwise to the session key itself.
 * Any invalid input or failure throws `ChipiSessionError('SESSION_CREATION_FAILED')`.
 */
export function createSessionKey(
  params: CreateSessionKeyParams,
  context: CreateSessionKeyContext,
): SessionKeyData {
  try {
    const plan = planSessionKey(params, context);
    return finishSessionKey(plan, encryptPrivateKey(plan.envelope), context);
  } catch (error) {
    throw creationFailed(error);
  }
}

/**
 * `createSessionKey` with the KDF run in slices that yield to the event loop, so a page stays
 * responsive. Same result and the same errors.
 */
export async function createSessionKeyAsync(
  params: CreateSessionKeyParams,
  context: CreateSessionKeyContext,
): Promise<SessionKeyData> {
  try {
    const plan = planSessionKey(params, context);
    return finishSessionKey(plan, await encryptPrivateKeyAsync(plan.envelope), context);
  } catch (error) {
    throw creationFailed(error);
  }
}

interface SessionKeyPlan {
  envelope: EncryptPrivateKeyParameters & { privateKey: string; walletAddress: string };
  publicKey: string;
  validUntil: number;
}

function planSessionKey(
  params: CreateSessionKeyParams,
  context: CreateSessionKeyContext,
): SessionKeyPlan {
  const { encryptKey } = params ?? {};
  if (typeof encryptKey !== 'string' || encryptKey.length === 0) {
    throw new ChipiSessionError('SESSION_CREATION_FAILED', 'encryptKey must be a non-empty string');
  }
  const duration = params.durationSeconds ?? DEFAULT_SESSION_DURATION_SECONDS;
  if (!Number.isSafeInteger(duration) || duration <= 0 || duration > MAX_SESSION_DURATION_SECONDS) {
    throw new ChipiSessionError(
      'SESSION_CREATION_FAILED',
      `durationSeconds must be an integer in [1, ${MAX_SESSION_DURATION_SECONDS}]`,
      { details: { durationSeconds: params.durationSeconds } },
    );
  }
  const validUntil = Math.floor(context.now()) + duration;
  const pair = createSessionKeyPair(context.random === undefined ? {} : { random: context.random });
  const binding =
    params.walletAddress === undefined
      ? pair.publicKey
      : toFeltHex(parseNonZeroFelt(params.walletAddress, 'walletAddress'));
  return {
    publicKey: pair.publicKey,
    validUntil,
    envelope: {
      privateKey: pair.privateKey,
      pin: encryptKey,
      walletAddress: binding,
      sessionPublicKey: pair.publicKey,
      ...(context.kdfParams === undefined ? {} : { kdfParams: context.kdfParams }),
      ...(context.random === undefined ? {} : { random: context.random }),
    },
  };
}

function finishSessionKey(
  plan: SessionKeyPlan,
  encryptedPrivateKey: string,
  context: CreateSessionKeyContext,
): SessionKeyData {
  context.keyCache?.remember({
    envelope: encryptedPrivateKey,
    pin: plan.envelope.pin,
    walletAddress: plan.envelope.walletAddress,
    privateKey: plan.envelope.privateKey,
    expiresAt: plan.validUntil,
  });
  return { publicKey: plan.publicKey, encryptedPrivateKey, validUntil: plan.validUntil };
}

function creationFailed(error: unknown): ChipiSessionError {
  if (isChipiSessionError(error, 'SESSION_CREATION_FAILED')) return error;
  return new ChipiSessionError(
    'SESSION_CREATION_FAILED',
    `could not create the session key: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}
