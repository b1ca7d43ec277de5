import { formatTokenAmount, type RegisterSessionConfig } from '@chipi-sessions/react';

/** The limits the page asks the owner to grant the agent. */
export const LIMITS = {
  durationSeconds: 3600,
  maxCalls: 6,
  maxPerCall: 10_000n, // 0.01 USDC
  maxPerWindow: 30_000n, // 0.03 USDC
  windowSeconds: 600,
};

/** The registration: USDC transfers only, with an on-chain spending policy. */
export function sessionConfig(usdc: string): RegisterSessionConfig {
  return {
    maxCalls: LIMITS.maxCalls,
    allowedEntrypoints: [{ contractAddress: usdc, entrypoint: 'transfer' }],
    strict: true,
    spendingPolicies: [
      {
        token: usdc,
        maxPerCall: LIMITS.maxPerCall,
        maxPerWindow: LIMITS.maxPerWindow,
        windowSeconds: LIMITS.windowSeconds,
      },
    ],
  };
}

/** The limits in words, as the owner reads them before granting. */
export function limitsInWords(): string[] {
  return [
    `Valid for ${duration(LIMITS.durationSeconds)}, then it stops working by itself.`,
    `At most ${LIMITS.maxCalls} payments in total.`,
    `At most ${usd(LIMITS.maxPerCall)} USDC per payment.`,
    `At most ${usd(LIMITS.maxPerWindow)} USDC in any ${duration(LIMITS.windowSeconds)}.`,
    'Only USDC transfers; it can never change your wallet or its keys.',
  ];
}

/** `10000n` → `"0.01"`, `0n` → `"0"`: USDC without trailing zeros. */
export function usd(baseUnits: bigint): string {
  return formatTokenAmount(baseUnits).replace(/\.?0+$/, '');
}

export function duration(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds >= 60) return plural(Math.round(seconds / 60), 'minute');
  return plural(seconds, 'second');
}

export function countdown(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
