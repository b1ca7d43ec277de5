import { ChipiSessionError } from '@chipi-sessions/core';
import type {
  SessionConfig,
  SessionDataResponse,
  SessionKeyData,
  WalletData,
} from '@chipi-sessions/sdk';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorCodeOf, toError } from './errorCodeOf.js';
import { useChipiSessionsContext } from './useChipiSessionsContext.js';
import { useCountdown } from './useCountdown.js';
import { useMounted } from './useMounted.js';

/** Options of `useChipiSession`. */
export interface UseChipiSessionOptions {
  /** The user's CHIPI wallet, or `null` before it exists. */
  wallet: WalletData | null;
  /** PIN of the session key's envelope and, unless `getOwnerEncryptKey` is given, of the owner key. */
  encryptKey: string;
  /** Paymaster API key (the SDK's `bearerToken`), when the app goes gasless. */
  getBearerToken?: () => Promise<string>;
  /**
   * Asked once for each owner-signed action (register, renew, revoke): the owner's confirmation,
   * e.g. a PIN prompt. Without it `encryptKey` signs.
   */
  getOwnerEncryptKey?: () => Promise<string>;
  /** Lifetime of new sessions in seconds (default 21600, 6 hours). */
  durationSeconds?: number;
}

/** Limits of a session registration; `maxCalls` defaults to 100, `allowedEntrypoints` to `[]`. */
export type RegisterSessionConfig = Partial<Omit<SessionConfig, 'sessionPublicKey' | 'validUntil'>>;

/**
 * Where the session stands: `none` (no key for this wallet), `loading`, `created` (a local key
 * not registered on chain), or the account's own view: `active`, `expired`, `revoked`,
 * `exhausted` (no calls left). `expired` also follows the local countdown reaching 0.
 */
export type ChipiSessionStatus =
  | 'none'
  | 'loading'
  | 'created'
  | 'active'
  | 'expired'
  | 'revoked'
  | 'exhausted';

/** The action in progress. */
export type ChipiSessionAction =
  | 'loading'
  | 'creating'
  | 'registering'
  | 'renewing'
  | 'revoking'
  | 'refreshing';

export interface UseChipiSessionResult {
  /** The wallet's session key (public key, envelope, expiry), or `null`. */
  session: SessionKeyData | null;
  /** The account's view of the session at the last read. */
  sessionData: SessionDataResponse | null;
  status: ChipiSessionStatus;
  hasActiveSession: boolean;
  /** Seconds until the session expires, ticking every second; `null` without a session. */
  secondsRemaining: number | null;
  /** The action in progress, or `null`. */
  pending: ChipiSessionAction | null;
  isLoading: boolean;
  /** The last failure, and its stable code (`SESSION_DECRYPTION_FAILED`, `SESSION_REVOKED`, …). */
  error: Error | null;
  errorCode: string | null;
  /** Creates a session key (KDF off the main path), stores it, and returns it. Not registered yet. */
  createSession(options?: { durationSeconds?: number }): Promise<SessionKeyData>;
  /** Registers the current session key on the wallet (one owner signature); returns the tx hash. */
  registerSession(config?: RegisterSessionConfig): Promise<string>;
  /**
   * Replaces the session (typically an expired or exhausted one) with a new key under the last
   * registered limits, or `config`: one owner confirmation, one transaction. Returns the tx hash.
   */
  renewSession(config?: RegisterSessionConfig): Promise<string>;
  /** Revokes the session on chain (owner-signed); the key stays stored until `clearSession`. */
  revokeSession(): Promise<string>;
  /** Reads the session's on-chain state again. */
  refresh(): Promise<SessionDataResponse | null>;
  /** Forgets the stored session key of this wallet. */
  clearSession(): Promise<void>;
}

const DEFAULT_MAX_CALLS = 100;

/**
 * A wallet's session key: created locally, persisted in the provider's store, registered with
 * limits the account enforces, renewed and revoked with the owner's confirmation, and its live
 * on-chain state. Actions reject with the SDK's typed errors and also expose them as
 * `error` / `errorCode`; nothing updates after unmount.
 *
 * @example
 * ```tsx
 * const { hasActiveSession, createSession, registerSession } = useChipiSession({ wallet, encryptKey: pin });
 * await createSession();
 * await registerSession({ allowedEntrypoints: ['transfer'] });
 * ```
 */
export function useChipiSession(options: UseChipiSessionOptions): UseChipiSessionResult {
  const { sdk, store, now } = useChipiSessionsContext();
  const address = options.wallet?.publicKey ?? null;
  const mounted = useMounted();
  const latest = useRef(options);
  latest.current = options;
  const sessionRef = useRef<SessionKeyData | null>(null);
  const generation = useRef(0);
  const lastConfig = useRef<RegisterSessionConfig | undefined>(undefined);
  const [session, setSessionState] = useState<SessionKeyData | null>(null);
  const [sessionData, setSessionData] = useState<SessionDataResponse | null>(null);
  const [pending, setPending] = useState<ChipiSessionAction | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const secondsRemaining = useCountdown(session?.validUntil ?? null, now);

  const setSession = useCallback((next: SessionKeyData | null) => {
    sessionRef.current = next;
    setSessionState(next);
  }, []);

  /** Runs an action for the current wallet; its results are dropped if the wallet changed. */
  const act = useCallback(
    async <T>(action: ChipiSessionAction, body: (isCurrent: () => boolean) => Promise<T>) => {
      const gen = generation.current;
      const isCurrent = () => mounted.current && gen === generation.current;
      setPending(action);
      setError(null);
      try {
        return await body(isCurrent);
      } catch (caught) {
        if (isCurrent()) setError(toError(caught));
        throw caught;
      } finally {
        if (isCurrent()) setPending(null);
      }
    },
    [mounted],
  );

  const read = useCallback(
    async (target: SessionKeyData, isCurrent: () => boolean) => {
      const wallet = requireWallet(latest.current.wallet);
      const data = await sdk.sessions.getSessionData({
        walletAddress: wallet.publicKey,
        sessionPublicKey: target.publicKey,
      });
      if (isCurrent() && sessionRef.current?.publicKey === target.publicKey) setSessionData(data);
      return data;
    },
    [sdk],
  );

  useEffect(() => {
    generation.current += 1;
    setSession(null);
    setSessionData(null);
    setError(null);
    lastConfig.current = undefined;
    if (address === null) return;
    act('loading', async (isCurrent) => {
      const stored = await store.load(address);
      if (!isCurrent()) return;
      setSession(stored ?? null);
      if (stored !== undefined) await read(stored, isCurrent);
    }).catch(() => {
      // Exposed through `error`.
    });
  }, [address, store, act, read, setSession]);

  const ownerKey = useCallback(async () => {
    const ask = latest.current.getOwnerEncryptKey;
    return ask === undefined ? latest.current.encryptKey : ask();
  }, []);

  const create = useCallback(
    async (durationSeconds: number | undefined, isCurrent: () => boolean) => {
      const { wallet, encryptKey } = latest.current;
      const walletAddress = requireWallet(wallet).publicKey;
      const duration = durationSeconds ?? latest.current.durationSeconds;
      const created = await sdk.sessions.createSessionKeyAsync({
        encryptKey,
        walletAddress,
        ...(duration === undefined ? {} : { durationSeconds: duration }),
      });
      await store.save(walletAddress, created);
      if (isCurrent()) {
        setSession(created);
        setSessionData(null);
      }
      return created;
    },
    [sdk, store, setSession],
  );

  const register = useCallback(
    async (target: SessionKeyData, config: RegisterSessionConfig, isCurrent: () => boolean) => {
      const wallet = requireWallet(latest.current.wallet);
      const [encryptKey, token] = await Promise.all([ownerKey(), bearerToken(latest.current)]);
      const txHash = await sdk.sessions.addSessionKeyToContract(
        {
          encryptKey,
          wallet,
          sessionConfig: {
            ...config,
            sessionPublicKey: target.publicKey,
            validUntil: target.validUntil,
            maxCalls: config.maxCalls ?? DEFAULT_MAX_CALLS,
            allowedEntrypoints: config.allowedEntrypoints ?? [],
          },
        },
        token,
      );
      lastConfig.current = config;
      await read(target, isCurrent);
      return txHash;
    },
    [sdk, ownerKey, read],
  );

  const createSession = useCallback(
    (createOptions: { durationSeconds?: number } = {}) =>
      act('creating', (isCurrent) => create(createOptions.durationSeconds, isCurrent)),
    [act, create],
  );

  const registerSession = useCallback(
    (config: RegisterSessionConfig = {}) =>
      act('registering', (isCurrent) =>
        register(requireSession(sessionRef.current), config, isCurrent),
      ),
    [act, register],
  );

  const renewSession = useCallback(
    (config?: RegisterSessionConfig) =>
      act('renewing', async (isCurrent) => {
        const limits = config ?? lastConfig.current ?? {};
        const created = await create(undefined, isCurrent);
        return register(created, limits, isCurrent);
      }),
    [act, create, register],
  );

  const revokeSession = useCallback(
    () =>
      act('revoking', async (isCurrent) => {
        const target = requireSession(sessionRef.current);
        const wallet = requireWallet(latest.current.wallet);
        const [encryptKey, token] = await Promise.all([ownerKey(), bearerToken(latest.current)]);
        const txHash = await sdk.sessions.revokeSessionKey(
          { encryptKey, wallet, sessionPublicKey: target.publicKey },
          token,
        );
        await read(target, isCurrent);
        return txHash;
      }),
    [act, sdk, ownerKey, read],
  );

  const refresh = useCallback(
    () =>
      act('refreshing', async (isCurrent) => {
        const target = sessionRef.current;
        return target === null ? null : read(target, isCurrent);
      }),
    [act, read],
  );

  const clearSession = useCallback(
    () =>
      act('refreshing', async (isCurrent) => {
        const wallet = requireWallet(latest.current.wallet);
        await store.remove(wallet.publicKey);
        if (isCurrent()) {
          setSession(null);
          setSessionData(null);
        }
      }),
    [act, store, setSession],
  );

  const status = statusOf(session, sessionData, secondsRemaining, pending);
  return {
    session,
    sessionData,
    status,
    hasActiveSession: status === 'active',
    secondsRemaining,
    pending,
    isLoading: pending !== null,
    error,
    errorCode: errorCodeOf(error),
    createSession,
    registerSession,
    renewSession,
    revokeSession,
    refresh,
    clearSession,
  };
}

function statusOf(
  session: SessionKeyData | null,
  data: SessionDataResponse | null,
  secondsRemaining: number | null,
  pending: ChipiSessionAction | null,
): ChipiSessionStatus {
  if (session === null) return pending === 'loading' ? 'loading' : 'none';
  if (secondsRemaining === 0) return 'expired';
  if (data === null) return pending === 'loading' ? 'loading' : 'created';
  return data.status === 'unknown' ? 'created' : data.status;
}

function requireWallet(wallet: WalletData | null): WalletData {
  if (wallet === null || wallet === undefined) {
    throw new ChipiSessionError('INVALID_INPUT', 'no wallet yet: pass the wallet to the hook');
  }
  return wallet;
}

function requireSession(session: SessionKeyData | null): SessionKeyData {
  if (session === null) {
    throw new ChipiSessionError('INVALID_INPUT', 'no session key yet: call createSession first');
  }
  return session;
}

function bearerToken(options: UseChipiSessionOptions): Promise<string | undefined> {
  return options.getBearerToken === undefined
    ? Promise.resolve(undefined)
    : options.getBearerToken();
}
