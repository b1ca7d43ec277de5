import { type SettlementCheck, SettlementSender } from '@chipi-sessions/x402/facilitator';
import type { Account, Call, Contract, ResourceBoundsBN } from 'starknet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedResourceBounds } from '../chain/fixedResourceBounds.ts';
import { outcomeOf } from '../chain/sendRaw.ts';
import { deployMockUsdc } from '../contracts/deployMockUsdc.ts';
import { predeployedAccounts } from '../devnet/predeployedAccounts.ts';
import { type Devnet, startDevnet } from '../devnet/startDevnet.ts';
import { startCountingRpcProxy } from './countingRpcProxy.ts';

/**
 * The settlement sender's batching against devnet. Each settlement here is a transfer by the
 * relayer on its own token contract: the sender batches at most one call per target contract
 * (per payer, in the facilitator), so three tokens give three batchable settlements. The third
 * token holds no relayer balance, so its transfer reverts.
 */
let devnet: Devnet;
let relayer: { address: string; privateKey: string };
let recipient: string;
let funded: Contract[];
let unfunded: Contract;
let bounds: ResourceBoundsBN;

const FUNDING = 1_000n;

beforeAll(async () => {
  devnet = await startDevnet();
  const accounts = await predeployedAccounts(devnet);
  const deployer = accounts[0] as Account;
  recipient = (accounts[1] as Account).address;
  const predeployed = await devnet.cheats.getPredeployedAccounts();
  const relayerEntry = predeployed[3]!;
  relayer = { address: relayerEntry.address, privateKey: relayerEntry.private_key };
  funded = [await deployMockUsdc(deployer), await deployMockUsdc(deployer)];
  unfunded = await deployMockUsdc(deployer);
  for (const token of funded) {
    const mint = await deployer.execute({
      contractAddress: token.address,
      entrypoint: 'mint',
      calldata: [relayer.address, FUNDING, 0n],
    });
    await devnet.provider.waitForTransaction(mint.transaction_hash);
  }
  const fixed = await fixedResourceBounds(devnet.provider);
  bounds = { ...fixed, l2_gas: { ...fixed.l2_gas, max_amount: 10_000_000n } };
});
afterAll(async () => {
  await devnet?.stop();
});

const transfer = (token: Contract, amount: bigint): Call => ({
  contractAddress: token.address,
  entrypoint: 'transfer',
  calldata: [recipient, amount, 0n],
});
const balanceOf = async (token: Contract) =>
  (await token.call('balance_of', [recipient])) as bigint;

/** Hands every call to `sender` at once; each result keeps the hashes reported at signing. */
function sendAll(sender: SettlementSender, calls: Call[]) {
  return Promise.all(
    calls.map(async (call) => {
      const signed: string[] = [];
      const hash = await sender.send(call, bounds, (h) => {
        signed.push(h);
      });
      return { hash, signed };
    }),
  );
}

describe('settlement batching on devnet', () => {
  it('settlements waiting together go out as one multicall transaction', async () => {
    const sender = new SettlementSender(devnet.provider, relayer, { maxSize: 3, maxWaitMs: 5000 });
    const before = await Promise.all([...funded, unfunded].map(balanceOf));
    const results = await sendAll(sender, [
      transfer(funded[0]!, 5n),
      transfer(funded[1]!, 6n),
      transfer(unfunded, 0n),
    ]);
    const hashes = new Set(results.map((r) => r.hash));
    expect(hashes.size).toBe(1);
    for (const r of results) expect(r.signed).toEqual([r.hash]);
    expect((await outcomeOf(devnet.provider, results[0]!.hash)).kind).toBe('accepted');
    const after = await Promise.all([...funded, unfunded].map(balanceOf));
    expect(after.map((b, i) => b - before[i]!)).toEqual([5n, 6n, 0n]);
  });

  it('a batch that would revert is sent one settlement at a time: only the failing one reverts', async () => {
    const sender = new SettlementSender(devnet.provider, relayer, { maxSize: 3, maxWaitMs: 5000 });
    const before = await Promise.all([...funded, unfunded].map(balanceOf));
    const results = await sendAll(sender, [
      transfer(funded[0]!, 1n),
      transfer(unfunded, 1n),
      transfer(funded[1]!, 2n),
    ]);
    expect(new Set(results.map((r) => r.hash)).size).toBe(3);
    for (const r of results) expect(r.signed).toEqual([r.hash]);
    const outcomes = await Promise.all(results.map((r) => outcomeOf(devnet.provider, r.hash)));
    expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'reverted', 'accepted']);
    const after = await Promise.all([...funded, unfunded].map(balanceOf));
    expect(after.map((b, i) => b - before[i]!)).toEqual([1n, 2n, 0n]);
  });

  it('with checks, each settlement is checked on its own frame of the batch simulation; a refused one is dropped before signing, the rest go out together', async () => {
    const sender = new SettlementSender(devnet.provider, relayer, { maxSize: 3, maxWaitMs: 5000 });
    const before = await Promise.all([...funded, unfunded].map(balanceOf));
    const seen: string[] = [];
    const accept =
      (token: Contract): SettlementCheck =>
      (part) => {
        const frame = part.invocation as { contract_address?: string } | undefined;
        seen.push(frame?.contract_address ?? 'none');
        expect(BigInt(frame?.contract_address ?? 0)).toBe(BigInt(token.address));
        expect(part.fee).toBeGreaterThan(0n);
      };
    const refuse: SettlementCheck = () => {
      throw new Error('refused by its check');
    };
    const send = (call: Call, check: SettlementCheck) => {
      const signed: string[] = [];
      return sender
        .send(
          call,
          undefined,
          (h) => {
            signed.push(h);
          },
          check,
        )
        .then((hash) => ({ hash, signed }));
    };
    const results = await Promise.allSettled([
      send(transfer(funded[0]!, 5n), accept(funded[0]!)),
      send(transfer(unfunded, 0n), accept(unfunded)),
      send(transfer(funded[1]!, 6n), refuse),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('refused by its check'));
    const [first, second] = results.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
    expect(first?.hash).toBe(second?.hash);
    expect(first?.signed).toEqual([first?.hash]);
    expect((await outcomeOf(devnet.provider, first!.hash)).kind).toBe('accepted');
    const after = await Promise.all([...funded, unfunded].map(balanceOf));
    expect(after.map((b, i) => b - before[i]!)).toEqual([5n, 0n, 0n]);
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });

  it('with a check, a lone settlement whose simulation reverts is refused by its check and never sent', async () => {
    const sender = new SettlementSender(devnet.provider, relayer, { maxSize: 3, maxWaitMs: 10 });
    const nonceBefore = await devnet.provider.getNonceForAddress(relayer.address);
    const reasons: string[] = [];
    const outcome = sender.send(
      transfer(unfunded, 1n),
      undefined,
      () => {
        throw new Error('nothing may be signed');
      },
      (part) => {
        if (part.revertReason !== undefined) {
          reasons.push(part.revertReason);
          throw new Error('the transfer would revert');
        }
      },
    );
    await expect(outcome).rejects.toThrow('the transfer would revert');
    expect(reasons).toHaveLength(1);
    expect(await devnet.provider.getNonceForAddress(relayer.address)).toBe(nonceBefore);
  });

  it('with a check, a settlement whose simulation the node does not answer fails with that cause and is never sent', async () => {
    const proxy = await startCountingRpcProxy(`${devnet.url}/rpc`);
    try {
      proxy.unavailable.add('starknet_simulateTransactions');
      const sender = new SettlementSender(proxy.provider, relayer, { maxSize: 3, maxWaitMs: 10 });
      const nonceBefore = await devnet.provider.getNonceForAddress(relayer.address);
      const checked: string[] = [];
      const outcome = sender.send(
        transfer(funded[0]!, 1n),
        undefined,
        () => {
          throw new Error('nothing may be signed');
        },
        () => {
          checked.push('checked');
        },
      );
      const error = await outcome.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as { code?: string }).code).not.toBe('simulation_failed');
      expect(String(error)).toMatch(/503|unavailable/i);
      expect(checked).toEqual([]);
      expect(proxy.counts.get('starknet_addInvokeTransaction')).toBeUndefined();
      expect(await devnet.provider.getNonceForAddress(relayer.address)).toBe(nonceBefore);
    } finally {
      await proxy.close();
    }
  });

  it('refuses a settlement with neither resource bounds nor a check', async () => {
    const sender = new SettlementSender(devnet.provider, relayer);
    await expect(sender.send(transfer(funded[0]!, 1n), undefined, () => {})).rejects.toMatchObject({
      code: 'invalid_configuration',
    });
  });
});
