import { readFileSync } from 'node:fs';
import { typedData } from 'starknet';
import { describe, expect, it } from 'vitest';
import { sessionIsValidSignatureForm } from './isValidSignatureCalldata.js';
import type { OutsideExecutionInput } from './outsideExecution.js';
import { executeFromOutsideCalldata } from './outsideExecutionCalldata.js';
import {
  outsideExecutionDomainHash,
  outsideExecutionHash,
  outsideExecutionStructHash,
} from './outsideExecutionHash.js';
import { outsideExecutionTypedData } from './outsideExecutionTypedData.js';
import { getPublicKey } from './sessionKeyPair.js';
import {
  sessionOutsideExecutionMessageHash,
  sessionTransactionMessageHash,
} from './sessionMessageHash.js';
import {
  signSessionOutsideExecution,
  signSessionTransaction,
  verifySessionOutsideExecutionSignature,
  verifySessionTransactionSignature,
} from './sessionSignature.js';
import { setPublicKeyMessageHash, signSetPublicKeyProof } from './setPublicKeyProof.js';
import { SlidingWindow, type SlidingWindowState } from './slidingWindow.js';
import { spendOfCall } from './spendOfCall.js';
import { verifyHash } from './starkSignature.js';

// biome-ignore lint/suspicious/noExplicitAny: vector files are plain JSON
type Json = any;

const load = (name: string): Json =>
  JSON.parse(
    readFileSync(new URL(`../../../contracts/vectors/${name}.json`, import.meta.url), 'utf8'),
  );

interface OeJson {
  caller: string;
  nonce: string;
  executeAfter: string;
  executeBefore: string;
  calls: { to: string; selector: string; calldata: string[] }[];
}

const toOe = (oe: OeJson): OutsideExecutionInput => ({
  caller: oe.caller,
  nonce: oe.nonce,
  executeAfter: oe.executeAfter,
  executeBefore: oe.executeBefore,
  calls: oe.calls.map((c) => ({
    contractAddress: c.to,
    entrypoint: c.selector,
    calldata: c.calldata,
  })),
});

const hex = (v: bigint) => `0x${v.toString(16)}`;

describe('golden vectors (contracts/vectors)', () => {
  it('session_tx: message hash and deterministic signature', () => {
    const { cases } = load('session_tx');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(getPublicKey(c.sessionPrivateKey)).toBe(c.sessionPublicKey);
      expect(
        hex(sessionTransactionMessageHash(c.transactionHash, c.sessionPublicKey, c.validUntil)),
      ).toBe(c.messageHash);
      const signature = signSessionTransaction({
        transactionHash: c.transactionHash,
        privateKey: c.sessionPrivateKey,
        validUntil: c.validUntil,
      });
      expect(signature).toEqual(c.signature);
      expect(verifySessionTransactionSignature(c.transactionHash, c.signature)).toBe(true);
    }
  });

  it('outside_execution: SNIP-12 hash, direct and through starknet.js, and calldata', () => {
    const { cases } = load('outside_execution');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const oe = toOe(c.outsideExecution);
      expect(hex(outsideExecutionDomainHash(c.chainId))).toBe(c.domainHash);
      expect(hex(outsideExecutionStructHash(oe))).toBe(c.structHash);
      expect(hex(outsideExecutionHash(oe, c.account, c.chainId))).toBe(c.hash);
      const td = outsideExecutionTypedData(oe, c.chainId);
      expect(typedData.getMessageHash(td, c.account)).toBe(c.hash);
      expect(executeFromOutsideCalldata(oe, [])).toEqual(c.executeFromOutsideCalldata);
    }
  });

  it('session_oe: message hash, signature and is_valid_signature form', () => {
    const { cases } = load('session_oe');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const oe = toOe(c.outsideExecution);
      expect(hex(outsideExecutionHash(oe, c.account, c.chainId))).toBe(c.outsideExecutionHash);
      expect(
        hex(
          sessionOutsideExecutionMessageHash(
            c.outsideExecutionHash,
            c.sessionPublicKey,
            c.validUntil,
          ),
        ),
      ).toBe(c.messageHash);
      const signature = signSessionOutsideExecution({
        outsideExecutionHash: c.outsideExecutionHash,
        privateKey: c.sessionPrivateKey,
        validUntil: c.validUntil,
      });
      expect(signature).toEqual(c.signature);
      expect(verifySessionOutsideExecutionSignature(c.outsideExecutionHash, c.signature)).toBe(
        true,
      );
      expect(sessionIsValidSignatureForm(c.signature, oe)).toEqual(c.isValidSignatureForm);
    }
  });

  it('set_public_key: message hash and proof by the new key', () => {
    const { cases } = load('set_public_key');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(
        hex(setPublicKeyMessageHash(c.chainId, c.account, c.oldPublicKey, c.newPublicKey)),
      ).toBe(c.messageHash);
      const proof = signSetPublicKeyProof({
        chainId: c.chainId,
        accountAddress: c.account,
        oldPublicKey: c.oldPublicKey,
        newPrivateKey: c.newPrivateKey,
      });
      expect(proof).toEqual({ newPublicKey: c.newPublicKey, signature: c.signature });
      expect(
        verifyHash(c.messageHash, c.newPublicKey, { r: c.signature[0], s: c.signature[1] }),
      ).toBe(true);
    }
  });

  it('sliding_window: every step of every scenario', () => {
    const { scenarios } = load('sliding_window');
    expect(scenarios.length).toBeGreaterThan(0);
    for (const s of scenarios) {
      expect(SlidingWindow.bucketSeconds(s.windowSeconds)).toBe(s.bucketSeconds);
      const limits = { maxPerCall: BigInt(s.maxPerCall), maxPerWindow: BigInt(s.maxPerWindow) };
      let w: SlidingWindowState = SlidingWindow.create(s.windowSeconds);
      for (const step of s.steps) {
        const amount = BigInt(step.amount);
        expect(SlidingWindow.spentAt(w, step.t).toString()).toBe(step.spentBefore);
        const refusal = SlidingWindow.check(w, limits, step.t, amount);
        expect(refusal ?? 'ok').toBe(step.result);
        if (refusal === undefined) w = SlidingWindow.record(w, step.t, amount);
        expect(SlidingWindow.spentAt(w, step.t).toString()).toBe(step.spentAfter);
        expect(SlidingWindow.remainingAt(w, limits.maxPerWindow, step.t).toString()).toBe(
          step.remainingAfter,
        );
        expect(SlidingWindow.nextReleaseAt(w, step.t)).toBe(step.nextReleaseAt);
      }
    }
  });

  it('spend_of_call: amounts and errors', () => {
    const v = load('spend_of_call');
    expect(v.cases.length).toBeGreaterThan(0);
    for (const c of v.cases) {
      const call = { contractAddress: v.token, entrypoint: c.selector, calldata: c.calldata };
      let result: string | null;
      try {
        result = spendOfCall(call, v.account)?.amount.toString() ?? null;
      } catch (e) {
        result = `error:${(e as { details: { reason: string } }).details.reason}`;
      }
      expect(result, c.name).toBe(c.result);
    }
  });

  it('the generated Cairo file asserts every hash vector', () => {
    const cairo = readFileSync(
      new URL('../../../contracts/account/src/tests/vectors.cairo', import.meta.url),
      'utf8',
    );
    for (const name of ['session_tx', 'session_oe', 'outside_execution', 'set_public_key']) {
      for (const c of load(name).cases) {
        expect(cairo).toContain(`fn test_vectors_${name}_${c.name}()`);
        expect(cairo).toContain(c.messageHash ?? c.hash);
      }
    }
  });
});
