/** Builds the JSON golden vectors from the fixed inputs, with @chipi-sessions/core. */
import {
  executeFromOutsideCalldata,
  getPublicKey,
  normalizeCall,
  normalizeOutsideExecution,
  type OutsideExecutionInput,
  outsideExecutionDomainHash,
  outsideExecutionHash,
  outsideExecutionStructHash,
  parseChainId,
  SlidingWindow,
  type SlidingWindowState,
  sessionIsValidSignatureForm,
  sessionOutsideExecutionMessageHash,
  sessionTransactionMessageHash,
  setPublicKeyMessageHash,
  signSessionOutsideExecution,
  signSessionTransaction,
  signSetPublicKeyProof,
  spendOfCall,
  toFeltHex,
} from '../../src/index.js';
import {
  ACCOUNT,
  NEW_OWNER_PRIVATE_KEY,
  OUTSIDE_EXECUTIONS,
  OWNER_PRIVATE_KEY,
  SESSION_PRIVATE_KEY,
  SESSION_PRIVATE_KEY_2,
  SESSION_TX_CASES,
  SN_MAIN,
  SN_SEPOLIA,
  SPEND_CASES,
  TOKEN,
  WINDOW_SCENARIOS,
} from './inputs.js';

const hex = (v: bigint | string | number) => toFeltHex(v);

function oeJson(oe: OutsideExecutionInput) {
  const n = normalizeOutsideExecution(oe);
  return {
    caller: hex(n.caller),
    nonce: hex(n.nonce),
    executeAfter: hex(n.executeAfter),
    executeBefore: hex(n.executeBefore),
    calls: n.calls.map((c) => ({
      to: hex(c.to),
      selector: hex(c.selector),
      calldata: c.calldata.map(hex),
    })),
  };
}

export function buildSessionTx() {
  return {
    description:
      "poseidon('chipi/session-tx-v1', transaction_hash, session_public_key, valid_until) and the 4-element session signature [key, r, s, valid_until] (RFC 6979)",
    cases: SESSION_TX_CASES.map((c) => {
      const publicKey = getPublicKey(c.privateKey);
      return {
        name: c.name,
        sessionPrivateKey: c.privateKey,
        sessionPublicKey: publicKey,
        transactionHash: hex(c.transactionHash),
        validUntil: hex(c.validUntil),
        messageHash: hex(sessionTransactionMessageHash(c.transactionHash, publicKey, c.validUntil)),
        signature: signSessionTransaction(c),
      };
    }),
  };
}

export function buildOutsideExecution() {
  return {
    description:
      "SNIP-12 revision-1 hash H of a SNIP-9 v2 OutsideExecution: poseidon('StarkNet Message', domain_hash, account, struct_hash); calldata of execute_from_outside_v2 with an empty signature",
    cases: OUTSIDE_EXECUTIONS.map((c) => ({
      name: c.name,
      account: hex(c.account),
      chainId: hex(parseChainId(c.chainId)),
      outsideExecution: oeJson(c.oe),
      domainHash: hex(outsideExecutionDomainHash(c.chainId)),
      structHash: hex(outsideExecutionStructHash(c.oe)),
      hash: hex(outsideExecutionHash(c.oe, c.account, c.chainId)),
      executeFromOutsideCalldata: executeFromOutsideCalldata(c.oe, []),
    })),
  };
}

export function buildSessionOe() {
  return {
    description:
      "poseidon('chipi/session-oe-v1', H, session_public_key, valid_until), its session signature, and the is_valid_signature session form [key, r, s, valid_until, ...serialized OutsideExecution]",
    cases: OUTSIDE_EXECUTIONS.slice(0, 2).map((c, i) => {
      const privateKey = i === 0 ? SESSION_PRIVATE_KEY : SESSION_PRIVATE_KEY_2;
      const publicKey = getPublicKey(privateKey);
      const validUntil = 1_735_689_600 + i;
      const h = outsideExecutionHash(c.oe, c.account, c.chainId);
      const signature = signSessionOutsideExecution({
        outsideExecutionHash: h,
        privateKey,
        validUntil,
      });
      return {
        name: c.name,
        sessionPrivateKey: privateKey,
        sessionPublicKey: publicKey,
        account: hex(c.account),
        chainId: hex(parseChainId(c.chainId)),
        outsideExecution: oeJson(c.oe),
        outsideExecutionHash: hex(h),
        validUntil: hex(validUntil),
        messageHash: hex(sessionOutsideExecutionMessageHash(h, publicKey, validUntil)),
        signature,
        isValidSignatureForm: sessionIsValidSignatureForm(signature, c.oe),
      };
    }),
  };
}

export function buildSetPublicKey() {
  const cases = [
    { name: 'sepolia', chainId: SN_SEPOLIA, account: ACCOUNT, oldPrivateKey: OWNER_PRIVATE_KEY },
    { name: 'mainnet', chainId: SN_MAIN, account: '0x7', oldPrivateKey: SESSION_PRIVATE_KEY_2 },
  ];
  return {
    description:
      "poseidon('chipi/set-public-key', chain_id, account_address, old_public_key, new_public_key) signed [r, s] by the new key",
    cases: cases.map((c) => {
      const oldPublicKey = getPublicKey(c.oldPrivateKey);
      const proof = signSetPublicKeyProof({
        chainId: c.chainId,
        accountAddress: c.account,
        oldPublicKey,
        newPrivateKey: NEW_OWNER_PRIVATE_KEY,
      });
      return {
        name: c.name,
        chainId: hex(parseChainId(c.chainId)),
        account: hex(c.account),
        oldPublicKey,
        newPrivateKey: NEW_OWNER_PRIVATE_KEY,
        newPublicKey: proof.newPublicKey,
        messageHash: hex(
          setPublicKeyMessageHash(c.chainId, c.account, oldPublicKey, proof.newPublicKey),
        ),
        signature: proof.signature,
      };
    }),
  };
}

export function buildSlidingWindow() {
  return {
    description:
      'Sliding-window spending: K = 7 sub-windows of B = ceil(W / 7) s, ring of 8 buckets; a step is recorded only when accepted (and non-zero). bucketsAfter is the ring (slot i holds a bucket with index % 8 == i). Amounts are decimal strings.',
    scenarios: WINDOW_SCENARIOS.map((s) => {
      let state: SlidingWindowState = SlidingWindow.create(s.windowSeconds);
      const limits = { maxPerCall: s.maxPerCall, maxPerWindow: s.maxPerWindow };
      return {
        name: s.name,
        windowSeconds: s.windowSeconds,
        bucketSeconds: SlidingWindow.bucketSeconds(s.windowSeconds),
        maxPerCall: s.maxPerCall.toString(),
        maxPerWindow: s.maxPerWindow.toString(),
        steps: s.spends.map(([t, amount]) => {
          const spentBefore = SlidingWindow.spentAt(state, t);
          const refusal = SlidingWindow.check(state, limits, t, amount);
          if (refusal === undefined) state = SlidingWindow.record(state, t, amount);
          return {
            t,
            amount: amount.toString(),
            spentBefore: spentBefore.toString(),
            result: refusal ?? 'ok',
            spentAfter: SlidingWindow.spentAt(state, t).toString(),
            remainingAfter: SlidingWindow.remainingAt(state, s.maxPerWindow, t).toString(),
            nextReleaseAt: SlidingWindow.nextReleaseAt(state, t),
            bucketsAfter: state.buckets.map((bucket) => ({
              bucket: bucket.index,
              amount: bucket.amount.toString(),
            })),
          };
        }),
      };
    }),
  };
}

export function buildSpendOfCall() {
  return {
    description:
      "Amount a call spends from its target token (policy checks): exact calldata lengths ('policy/bad-calldata'), u128 limbs ('policy/bad-amount'), transfer_from counted only from the account. result: amount as decimal string, null when not value-moving, or the error felt.",
    account: hex(ACCOUNT),
    token: hex(TOKEN),
    cases: SPEND_CASES.map((c) => {
      const call = { contractAddress: TOKEN, entrypoint: c.entrypoint, calldata: c.calldata };
      let result: string | null;
      try {
        const spend = spendOfCall(call, ACCOUNT);
        result = spend === undefined ? null : spend.amount.toString();
      } catch (error) {
        result = `error:${String((error as { details?: { reason?: string } }).details?.reason)}`;
      }
      return {
        name: c.name,
        entrypoint: c.entrypoint,
        selector: hex(normalizeCall(call).selector),
        calldata: c.calldata.map(hex),
        result,
      };
    }),
  };
}
