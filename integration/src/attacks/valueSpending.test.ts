import type { Account, Call } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw } from '../chain/sendRaw.ts';
import { latestBlockTime, setTime } from '../devnet/timeTravel.ts';
import { type AttackWorld, startAttackWorld, type TestSession } from './attackWorld.ts';
import { expectClientRefusal, expectRevertedOnChain } from './expectRefusal.ts';

/** Window of 700 s: seven buckets of exactly 100 s; a spend is released 800 s later at most. */
const W = 700;

let world: AttackWorld;
let clock: number;
/** The spender the session grants to: a plain devnet account that pulls on its own. */
let spender: Account;

beforeAll(async () => {
  world = await startAttackWorld();
  spender = world.accounts[1] as Account;
  clock = (Math.floor((await latestBlockTime(world.devnet)) / 3600) + 1) * 3600;
  await setTime(world.devnet, clock);
});
afterAll(async () => {
  await world?.stop();
});

async function at(t: number): Promise<void> {
  clock = t;
  await setTime(world.devnet, t);
}

const grant = (amount: bigint): Call => ({
  contractAddress: world.usdc.address,
  entrypoint: 'increase_allowance',
  calldata: [spender.address, amount, 0n],
});
const allowance = async () =>
  (await world.usdc.call('allowance', [world.wallet.publicKey, spender.address])) as bigint;
const pull = (amount: bigint) =>
  sendRaw(
    spender,
    [
      {
        contractAddress: world.usdc.address,
        entrypoint: 'transfer_from',
        calldata: [world.wallet.publicKey, spender.address, amount, 0n],
      },
    ],
    { resourceBounds: world.bounds },
  );
const session = (strict: boolean): Promise<TestSession> =>
  world.newSession({
    strict,
    maxCalls: 50,
    lifetimeSeconds: 30 * 24 * 3600,
    allowedEntrypoints: ['transfer', 'increase_allowance', 'set_approval_for_all'],
    spendingPolicies: [
      { token: world.usdc.address, maxPerCall: 100n, maxPerWindow: 100n, windowSeconds: W },
    ],
  });

describe('value-based spending', () => {
  it('three allowance grants in three windows cannot be pulled at once', async () => {
    const limited = await session(false);
    await at(clock + 10);
    expect((await world.sendAsSession(limited, [grant(100n)])).kind).toBe('accepted');
    // Each later window has its whole budget again, but a second grant would let 200 leave at
    // once: the allowance left after the request counts in full, against the per-call cap first.
    for (let window = 2; window <= 3; window += 1) {
      await at(clock + 850);
      expectRevertedOnChain(
        await world.sendAsSession(limited, [grant(100n)]),
        'SESSION_SPENDING_LIMIT_EXCEEDED',
        'policy/exceeds-per-call',
      );
    }
    expect(await allowance()).toBe(100n);
    const before = await world.balanceOf(spender.address);
    expect((await pull(300n)).kind).not.toBe('accepted');
    expect((await pull(100n)).kind).toBe('accepted');
    expect((await world.balanceOf(spender.address)) - before).toBe(100n);
  });

  it('a strict session may not leave an allowance standing', async () => {
    const strict = await session(true);
    const before = await allowance();
    expectRevertedOnChain(
      await world.sendAsSession(strict, [grant(50n)]),
      'SESSION_ALLOWANCE_LEFT',
      'policy/allowance-left',
    );
    expect(await allowance()).toBe(before);
  });

  it('a strict session never grants approval for all, on any contract', async () => {
    const strict = await session(true);
    const forAll: Call = {
      contractAddress: world.eurc.address,
      entrypoint: 'set_approval_for_all',
      calldata: [spender.address, 1n],
    };
    await expectClientRefusal(world.sdkPay(strict, [forAll]), 'SESSION_FORBIDDEN_SELECTOR');
    expectRevertedOnChain(
      await world.sendAsSession(strict, [forAll]),
      'SESSION_FORBIDDEN_SELECTOR',
      'policy/forbidden-selector',
    );
  });
});
