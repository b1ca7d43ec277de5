import {
  getPublicKey,
  isChipiSessionError,
  outsideExecutionHash,
  outsideExecutionTypedData,
  type SessionState,
  serializeOutsideExecution,
  verifySessionOutsideExecutionSignature,
  verifySessionTransactionSignature,
} from '@chipi-sessions/core';
import { type FakeNode, startFakeNode } from '@chipi-sessions/testing/fake-starknet-node';
import {
  Account,
  type Call,
  constants,
  EDataAvailabilityMode,
  ETransactionVersion3,
  hash,
  type InvocationsSignerDetails,
  Signer,
  outsideExecution as snip9,
  stark,
  transaction,
} from 'starknet';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionSigner } from './SessionSigner.js';

const SESSION_KEY = '0x2dccce1da22003777062ee0870e9881b460a8b7eca276870f57c601f182136c';
const SESSION_PUB = getPublicKey(SESSION_KEY);
const ACCOUNT = '0x064b48806902a367c8598f4f95c305e8c1a1acba5f082d294a43793113115691';
const USDC = '0x04718f5a0fc34cc1af16a1cdee98ffb20c31f5cd61d6ab07201858f4287c938d';
const VALID_UNTIL = 1_800_003_600;

const CALLS: Call[] = [
  { contractAddress: USDC, entrypoint: 'transfer', calldata: ['0x123', '1000', '0'] },
];

function details(version: `${ETransactionVersion3}`): InvocationsSignerDetails {
  return {
    walletAddress: ACCOUNT,
    chainId: constants.StarknetChainId.SN_SEPOLIA,
    cairoVersion: '1',
    version,
    nonce: 7,
    resourceBounds: {
      l1_gas: { max_amount: 0x100n, max_price_per_unit: 0x10n },
      l2_gas: { max_amount: 0x200000n, max_price_per_unit: 0x20n },
      l1_data_gas: { max_amount: 0x300n, max_price_per_unit: 0x30n },
    },
    tip: 5,
    paymasterData: [],
    accountDeploymentData: [],
    nonceDataAvailabilityMode: EDataAvailabilityMode.L1,
    feeDataAvailabilityMode: EDataAvailabilityMode.L1,
  };
}

/** The V3 hash recomputed from scratch with starknet.js's low-level hash function. */
function expectedHash(d: InvocationsSignerDetails): string {
  return hash.calculateInvokeTransactionHash({
    senderAddress: d.walletAddress,
    version: d.version as `${ETransactionVersion3}`,
    compiledCalldata: transaction.getExecuteCalldata(CALLS, '1'),
    chainId: d.chainId,
    nonce: d.nonce,
    accountDeploymentData: [],
    nonceDataAvailabilityMode: 0,
    feeDataAvailabilityMode: 0,
    resourceBounds: d.resourceBounds,
    tip: d.tip,
    paymasterData: [],
  });
}

const active: SessionState = {
  status: 'active',
  validUntil: VALID_UNTIL,
  maxCalls: 10,
  callsUsed: 0,
  allowedCalls: [],
  strict: false,
};

describe('SessionSigner', () => {
  const signer = new SessionSigner({
    privateKey: SESSION_KEY,
    publicKey: SESSION_PUB,
    validUntil: VALID_UNTIL,
    accountAddress: ACCOUNT,
  });

  it('returns the session public key', async () => {
    expect(await signer.getPubKey()).toBe(SESSION_PUB);
  });

  it('hashes varied transactions exactly as starknet.js does', () => {
    const calls: Call[] = [
      ...CALLS,
      { contractAddress: ACCOUNT, entrypoint: 'ping', calldata: [] },
      { contractAddress: USDC, entrypoint: 'approve', calldata: [ACCOUNT, '0xffffffff', '0x1'] },
    ];
    const variants: InvocationsSignerDetails[] = [
      { ...details(ETransactionVersion3.V3), nonce: 0, tip: 0 },
      {
        ...details(ETransactionVersion3.F3),
        chainId: constants.StarknetChainId.SN_MAIN,
        nonce: '0x1f4',
        tip: 2n ** 64n - 1n,
        paymasterData: ['0x1', '0x2'],
        accountDeploymentData: ['0x3'],
        nonceDataAvailabilityMode: EDataAvailabilityMode.L2,
        feeDataAvailabilityMode: EDataAvailabilityMode.L1,
      },
      {
        ...details(ETransactionVersion3.V3),
        cairoVersion: '0',
        resourceBounds: {
          l1_gas: { max_amount: 2n ** 64n - 1n, max_price_per_unit: 2n ** 128n - 1n },
          l2_gas: { max_amount: 0n, max_price_per_unit: 0n },
          l1_data_gas: { max_amount: 1n, max_price_per_unit: 2n ** 128n - 1n },
        },
        feeDataAvailabilityMode: EDataAvailabilityMode.L2,
      },
    ];
    for (const d of variants) {
      for (const c of [CALLS, calls]) {
        expect(SessionSigner.transactionHash(c, d)).toBe(
          hash.calculateInvokeTransactionHash({
            ...d,
            senderAddress: d.walletAddress,
            compiledCalldata: transaction.getExecuteCalldata(c, d.cairoVersion),
            version: d.version as `${ETransactionVersion3}`,
            nonceDataAvailabilityMode: stark.intDAM(d.nonceDataAvailabilityMode),
            feeDataAvailabilityMode: stark.intDAM(d.feeDataAvailabilityMode),
          }),
        );
      }
    }
  });

  it('refuses a public key that is not the private key’s', () => {
    expect(
      () => new SessionSigner({ privateKey: SESSION_KEY, publicKey: '0x1234', validUntil: 1 }),
    ).toThrow(/publicKey/);
  });

  for (const version of [ETransactionVersion3.V3, ETransactionVersion3.F3] as const) {
    it(`signs the ${version === ETransactionVersion3.V3 ? 'V3' : 'query-version'} hash as starknet.js computes it`, async () => {
      const d = details(version);
      const txHash = expectedHash(d);
      expect(SessionSigner.transactionHash(CALLS, d)).toBe(txHash);
      // starknet.js's own Signer hashes the same transaction to the same value.
      const ownerSig = (await new Signer(SESSION_KEY).signTransaction(CALLS, d)) as {
        r: bigint;
        s: bigint;
      };
      expect(ownerSig.r).toBeTypeOf('bigint');
      const signature = (await signer.signTransaction(CALLS, d)) as string[];
      expect(signature).toHaveLength(4);
      expect(signature[0]).toBe(SESSION_PUB);
      expect(BigInt(signature[3] as string)).toBe(BigInt(VALID_UNTIL));
      expect(verifySessionTransactionSignature(txHash, signature)).toBe(true);
      expect(
        verifySessionTransactionSignature(expectedHash(details(other(version))), signature),
      ).toBe(false);
    });
  }

  it('refuses to sign for another account', async () => {
    const d = { ...details(ETransactionVersion3.V3), walletAddress: USDC };
    await expect(signer.signTransaction(CALLS, d)).rejects.toMatchObject({
      code: 'SESSION_FORBIDDEN_TRANSACTION',
    });
  });

  it('refuses deploy-account and declare transactions', async () => {
    await expect(signer.signDeployAccountTransaction()).rejects.toMatchObject({
      code: 'SESSION_FORBIDDEN_TRANSACTION',
    });
    await expect(signer.signDeclareTransaction()).rejects.toMatchObject({
      code: 'SESSION_FORBIDDEN_TRANSACTION',
    });
  });

  it('signs SNIP-9 v2 outside executions built by starknet.js, over chipi/session-oe-v1', async () => {
    const td = snip9.getTypedData(
      constants.StarknetChainId.SN_SEPOLIA,
      { caller: '0x414e595f43414c4c4552', execute_after: 1, execute_before: 2_000_000_000 },
      '0x99',
      CALLS,
      '2',
    );
    const signature = (await signer.signMessage(td, ACCOUNT)) as string[];
    const oe = {
      caller: 'ANY_CALLER',
      nonce: '0x99',
      executeAfter: 1,
      executeBefore: 2_000_000_000,
      calls: [{ contractAddress: USDC, entrypoint: 'transfer', calldata: ['0x123', '1000', '0'] }],
    };
    const h = outsideExecutionHash(oe, ACCOUNT, constants.StarknetChainId.SN_SEPOLIA);
    expect(verifySessionOutsideExecutionSignature(h, signature)).toBe(true);
    // The one form `is_valid_signature` and `execute_from_outside_v2` both accept: the
    // outside execution follows `[key, r, s, valid_until]`.
    expect(signature.slice(4)).toEqual(serializeOutsideExecution(oe));
  });

  it('never signs arbitrary typed data, SNIP-9 v1, or another account’s outside execution', async () => {
    const mail = {
      types: {
        StarknetDomain: [
          { name: 'name', type: 'shortstring' },
          { name: 'version', type: 'shortstring' },
          { name: 'chainId', type: 'shortstring' },
          { name: 'revision', type: 'shortstring' },
        ],
        Mail: [{ name: 'contents', type: 'felt' }],
      },
      primaryType: 'Mail',
      domain: { name: 'dapp', version: '1', chainId: 'SN_SEPOLIA', revision: '1' },
      message: { contents: '0x1' },
    };
    const v1 = snip9.getTypedData(
      constants.StarknetChainId.SN_SEPOLIA,
      { caller: '0x1', execute_after: 1, execute_before: 2 },
      '0x1',
      CALLS,
      '1',
    );
    const v2 = outsideExecutionTypedData(
      { caller: 'ANY_CALLER', nonce: 1, executeAfter: 1, executeBefore: 2, calls: [] },
      constants.StarknetChainId.SN_SEPOLIA,
    );
    for (const [td, address] of [
      [mail, ACCOUNT],
      [v1, ACCOUNT],
      [v2, USDC],
    ] as const) {
      await expect(signer.signMessage(td as never, address)).rejects.toMatchObject({
        code: 'SESSION_FORBIDDEN_TRANSACTION',
      });
    }
  });

  it('runs the pre-flight check before signing and throws its code', async () => {
    let reads = 0;
    const checked = new SessionSigner({
      privateKey: SESSION_KEY,
      validUntil: VALID_UNTIL,
      accountAddress: ACCOUNT,
      stateProvider: async () => {
        reads += 1;
        return {
          session: { ...active, allowedCalls: [{ contract: '0x0', selector: '0x1' }] },
          policies: [],
          now: 1_800_000_000,
        };
      },
    });
    const error = await checked
      .signTransaction(CALLS, details(ETransactionVersion3.V3))
      .catch((e) => e);
    expect(isChipiSessionError(error, 'SESSION_ENTRYPOINT_NOT_ALLOWED')).toBe(true);
    expect(reads).toBe(1);
  });

  it('refuses a transaction whose resource bounds exceed the session fee cap', async () => {
    const capped = new SessionSigner({
      privateKey: SESSION_KEY,
      validUntil: VALID_UNTIL,
      accountAddress: ACCOUNT,
      stateProvider: async () => ({
        session: { ...active, maxFeePerTx: 1000n },
        policies: [],
        now: 1_800_000_000,
      }),
    });
    await expect(
      capped.signTransaction(CALLS, details(ETransactionVersion3.V3)),
    ).rejects.toMatchObject({
      code: 'SESSION_FEE_TOO_HIGH',
    });
  });
});

describe('SessionSigner inside a starknet.js Account', () => {
  let node: FakeNode;
  afterEach(async () => {
    await node?.close();
  });

  it('estimates with validation (query version) and sends a session-signed V3 invoke', async () => {
    node = await startFakeNode({ account: ACCOUNT });
    const signer = new SessionSigner({
      privateKey: SESSION_KEY,
      validUntil: VALID_UNTIL,
      accountAddress: ACCOUNT,
    });
    const account = new Account({
      provider: node.provider,
      address: ACCOUNT,
      signer,
      cairoVersion: '1',
    });
    const estimate = await account.estimateInvokeFee(CALLS, { skipValidate: false });
    expect(estimate.overall_fee).toBeGreaterThan(0n);
    const result = await account.execute(CALLS, { skipValidate: false });
    const [estimateTx, , invokeTx] = node.transactions;
    // The fake node recomputed each hash from the RPC fields and verified the signature.
    expect(estimateTx?.kind).toBe('estimate');
    expect(estimateTx?.skipValidate).toBe(false);
    expect(BigInt(estimateTx?.version ?? 0)).toBe(BigInt(ETransactionVersion3.F3));
    expect(estimateTx?.signature[0]).toBe(SESSION_PUB);
    expect(invokeTx?.kind).toBe('invoke');
    expect(BigInt(invokeTx?.version ?? 0)).toBe(3n);
    expect(result.transaction_hash).toBe(invokeTx?.hash);
    expect(verifySessionTransactionSignature(invokeTx?.hash ?? 0, invokeTx?.signature ?? [])).toBe(
      true,
    );
  });
});

function other(version: `${ETransactionVersion3}`): `${ETransactionVersion3}` {
  return version === ETransactionVersion3.V3 ? ETransactionVersion3.F3 : ETransactionVersion3.V3;
}
