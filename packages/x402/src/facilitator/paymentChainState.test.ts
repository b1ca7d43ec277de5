import type { RpcProvider } from 'starknet';
import { describe, expect, it } from 'vitest';
import { tokenBalance } from './paymentChainState.js';

/** A provider that answers `callContract` only, as a token exposing the given getters would. */
function tokenWith(getters: string[]): { provider: RpcProvider; calls: string[] } {
  const calls: string[] = [];
  const provider = {
    async callContract(call: { entrypoint: string }) {
      calls.push(call.entrypoint);
      if (getters.includes(call.entrypoint)) return ['0x7', '0x1'];
      throw Object.assign(new Error('RPC: starknet_call'), {
        baseError: { code: 21, message: 'Requested entrypoint does not exist in the contract' },
      });
    },
  } as unknown as RpcProvider;
  return { provider, calls };
}

describe('tokenBalance', () => {
  it('reads balance_of, falls back to balanceOf, and refuses a token with neither', async () => {
    const snake = tokenWith(['balance_of']);
    expect(await tokenBalance(snake.provider, '0xa', '0x1')).toBe((1n << 128n) | 7n);
    expect(snake.calls).toEqual(['balance_of']);
    const camel = tokenWith(['balanceOf']);
    expect(await tokenBalance(camel.provider, '0xa', '0x1')).toBe((1n << 128n) | 7n);
    expect(camel.calls).toEqual(['balance_of', 'balanceOf']);
    await expect(tokenBalance(tokenWith([]).provider, '0xa', '0x1')).rejects.toMatchObject({
      code: 'invalid_payment_requirements',
    });
  });
});
