import { invalidInput } from './ChipiSessionError.js';
import { parseChainId } from './chainId.js';
import { type FeltLike, parseFelt, parseUint } from './felt.js';
import { poseidonHashMany } from './poseidonHash.js';
import { encodeShortString } from './shortString.js';
import type { ResourceBound, ResourceBounds } from './transactionMaxFee.js';

/** A data-availability mode, by name (as in RPC) or by number (`L1 = 0`, `L2 = 1`). */
export type DataAvailabilityMode = 'L1' | 'L2' | 0 | 1;

/** The fields of a V3 INVOKE transaction that its hash covers (starknet.js field names). */
export interface InvokeV3Transaction {
  senderAddress: FeltLike;
  /** The calldata of `__execute__` as the account receives it. */
  compiledCalldata: readonly FeltLike[];
  chainId: FeltLike;
  nonce: FeltLike;
  /** `resourceBounds.l1_data_gas` is required: the V3 hash covers all three bounds. */
  resourceBounds: ResourceBounds;
  /** `3` (default) or the query version `2^128 + 3` used for fee estimates. */
  version?: FeltLike;
  tip?: FeltLike;
  paymasterData?: readonly FeltLike[];
  accountDeploymentData?: readonly FeltLike[];
  nonceDataAvailabilityMode?: DataAvailabilityMode;
  feeDataAvailabilityMode?: DataAvailabilityMode;
  /** Hashed after the calldata only when non-empty, as starknet.js does. */
  proofFacts?: readonly FeltLike[];
}

/**
 * A V3 invoke as a starknet.js signer is asked to sign it (`InvocationsSignerDetails`): the
 * sender is `walletAddress`, and the calldata comes separately.
 */
export type InvokeV3SignerDetails = Omit<
  InvokeV3Transaction,
  'senderAddress' | 'compiledCalldata'
> & {
  walletAddress: FeltLike;
};

/** The V3 invoke version and its query twin (`2^128 + 3`). */
export const INVOKE_V3_VERSIONS: readonly bigint[] = [3n, 2n ** 128n + 3n];

const INVOKE_PREFIX = /* @__PURE__ */ encodeShortString('invoke');
const L1_GAS = /* @__PURE__ */ encodeShortString('L1_GAS');
const L2_GAS = /* @__PURE__ */ encodeShortString('L2_GAS');
const L1_DATA = /* @__PURE__ */ encodeShortString('L1_DATA');

/**
 * The protocol hash of a V3 INVOKE transaction (the account's `tx_info.transaction_hash`):
 * `poseidon('invoke', version, sender, poseidon(tip, L1_GAS, L2_GAS, L1_DATA bounds),
 * poseidon(paymaster_data), chain_id, nonce, nonce_da << 32 | fee_da,
 * poseidon(account_deployment_data), poseidon(calldata)[, poseidon(proof_facts)])`,
 * each bound encoded as `resource << 192 | max_amount << 128 | max_price_per_unit`.
 */
export function invokeV3TransactionHash(tx: InvokeV3Transaction): bigint {
  const version = parseFelt(tx.version ?? 3n, 'version');
  if (!INVOKE_V3_VERSIONS.includes(version)) {
    throw invalidInput(`not a V3 invoke version: ${String(tx.version)}`, { version: tx.version });
  }
  const bounds = tx.resourceBounds;
  if (bounds.l1_data_gas === undefined) {
    throw invalidInput('resourceBounds.l1_data_gas is required for the V3 transaction hash');
  }
  const feeHash = poseidonHashMany([
    parseUint(tx.tip ?? 0n, 64, 'tip'),
    encodeBound(L1_GAS, bounds.l1_gas, 'l1_gas'),
    encodeBound(L2_GAS, bounds.l2_gas, 'l2_gas'),
    encodeBound(L1_DATA, bounds.l1_data_gas, 'l1_data_gas'),
  ]);
  const daModes =
    (daMode(tx.nonceDataAvailabilityMode, 'nonceDataAvailabilityMode') << 32n) |
    daMode(tx.feeDataAvailabilityMode, 'feeDataAvailabilityMode');
  const fields = [
    INVOKE_PREFIX,
    version,
    parseFelt(tx.senderAddress, 'senderAddress'),
    feeHash,
    hashFelts(tx.paymasterData, 'paymasterData'),
    parseChainId(tx.chainId),
    parseFelt(tx.nonce, 'nonce'),
    daModes,
    hashFelts(tx.accountDeploymentData, 'accountDeploymentData'),
    hashFelts(tx.compiledCalldata, 'compiledCalldata'),
  ];
  if (tx.proofFacts !== undefined && tx.proofFacts.length > 0) {
    fields.push(hashFelts(tx.proofFacts, 'proofFacts'));
  }
  return poseidonHashMany(fields);
}

function encodeBound(resource: bigint, bound: ResourceBound, name: string): bigint {
  return (
    (resource << 192n) |
    (parseUint(bound.max_amount, 64, `${name}.max_amount`) << 128n) |
    parseUint(bound.max_price_per_unit, 128, `${name}.max_price_per_unit`)
  );
}

function hashFelts(values: readonly FeltLike[] | undefined, name: string): bigint {
  return poseidonHashMany((values ?? []).map((v, i) => parseFelt(v, `${name}[${i}]`)));
}

function daMode(mode: DataAvailabilityMode | undefined, name: string): bigint {
  if (mode === undefined || mode === 'L1' || mode === 0) return 0n;
  if (mode === 'L2' || mode === 1) return 1n;
  throw invalidInput(`${name} is not L1 or L2: ${String(mode)}`, { name, mode });
}

/** `invokeV3TransactionHash` of the transaction a signer receives, given its `__execute__` calldata. */
export function invokeV3SignerDetailsHash(
  compiledCalldata: readonly FeltLike[],
  details: InvokeV3SignerDetails,
): bigint {
  const { walletAddress, ...fields } = details;
  return invokeV3TransactionHash({ ...fields, senderAddress: walletAddress, compiledCalldata });
}
