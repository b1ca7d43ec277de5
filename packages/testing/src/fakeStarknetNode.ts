/**
 * A tiny JSON-RPC Starknet node on 127.0.0.1 for the unit tests: it serves the few methods the
 * SDK and starknet.js's `Account` use, answers the CHIPI account's views from an in-memory
 * state, and — like a real node — recomputes the V3 hash of every transaction it receives from
 * its RPC fields and checks its signature (session or owner form). It stands in only for what
 * cannot run in unit scope (the chain); nothing of the SDK is mocked.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  encodeShortString,
  getSelectorFromName,
  SESSION_STATUS_CODES,
  type SessionStatus,
  toFeltHex,
  verifyHash,
  verifySessionTransactionSignature,
} from '@chipi-sessions/core';
import { RpcProvider, v3hash } from 'starknet';

export const FAKE_CHAIN_ID = '0x534e5f5345504f4c4941';

export interface FakeSession {
  validUntil: number;
  maxCalls: number;
  callsUsed: number;
  status?: SessionStatus;
  strict?: boolean;
  maxFeePerTx?: bigint;
  /** Default 1 STRK, nothing used. */
  feeBudget?: bigint;
  feeUsed?: bigint;
  allowedCalls?: { contract: string; selector: string }[];
}

export interface FakePolicy {
  maxPerCall: bigint;
  maxPerWindow: bigint;
  windowSeconds: number;
  spentInWindow: bigint;
  nextReleaseAt?: number;
}

export interface ReceivedTransaction {
  /** `estimate` (query version) or `invoke`. */
  kind: 'estimate' | 'invoke';
  hash: string;
  senderAddress: string;
  version: string;
  signature: string[];
  /** `__execute__` calls decoded from the calldata. */
  calls: { to: bigint; selector: bigint; calldata: bigint[] }[];
  skipValidate: boolean;
}

export interface FakeNode {
  url: string;
  provider: RpcProvider;
  /** The account whose views this node serves. */
  account: string;
  /** Owner public key, to check owner signatures. */
  ownerPublicKey?: string;
  blockTime: number;
  nonce: bigint;
  sessions: Map<bigint, FakeSession>;
  policies: Map<string, FakePolicy>;
  methods: string[];
  /** The methods of each HTTP request received, in order (a JSON-RPC batch is one entry). */
  requests: string[][];
  transactions: ReceivedTransaction[];
  /** DEPLOY_ACCOUNT transactions received (estimates and sends). */
  deployments: Record<string, unknown>[];
  /** When set, the next estimate / invoke fails with this JSON-RPC error. */
  failNext?: { code: number; message: string; data?: unknown } | undefined;
  /** When set, the next receipt is REVERTED with this reason. */
  revertNext?: string | undefined;
  close(): Promise<void>;
}

const sel = (name: string) => getSelectorFromName(name);
const SELECTORS = {
  getSessionData: sel('get_session_data'),
  getAllowedCalls: sel('get_session_allowed_calls'),
  getSpendingPolicy: sel('get_spending_policy'),
};

export async function startFakeNode(options: {
  account: string;
  ownerPublicKey?: string;
  blockTime?: number;
}): Promise<FakeNode> {
  const node: FakeNode = {
    url: '',
    provider: undefined as unknown as RpcProvider,
    account: options.account,
    ...(options.ownerPublicKey === undefined ? {} : { ownerPublicKey: options.ownerPublicKey }),
    blockTime: options.blockTime ?? 1_800_000_000,
    nonce: 0n,
    sessions: new Map(),
    policies: new Map(),
    methods: [],
    requests: [],
    transactions: [],
    deployments: [],
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    void handle(node, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('no port');
  node.url = `http://127.0.0.1:${address.port}`;
  node.provider = new RpcProvider({ nodeUrl: node.url });
  node.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return node;
}

/** Key of `node.policies`. */
export function policyKey(sessionKey: string | bigint, token: string | bigint): string {
  return `${BigInt(sessionKey)}:${BigInt(token)}`;
}

async function handle(node: FakeNode, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of req) body += chunk;
  const parsed = JSON.parse(body) as JsonRpcRequest | JsonRpcRequest[];
  // A JSON-RPC batch is answered with an array, one reply per request.
  node.requests.push((Array.isArray(parsed) ? parsed : [parsed]).map((r) => r.method));
  const replies = Array.isArray(parsed) ? parsed.map((r) => answer(node, r)) : answer(node, parsed);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(replies));
}

interface JsonRpcRequest {
  id: number | string;
  method: string;
  params: unknown;
}

function answer(node: FakeNode, request: JsonRpcRequest) {
  node.methods.push(request.method);
  let reply: { result?: unknown; error?: unknown };
  try {
    reply = { result: dispatch(node, request.method, request.params as Record<string, unknown>) };
  } catch (error) {
    reply =
      error instanceof RpcFailure
        ? { error: error.body }
        : { error: { code: -32603, message: String(error) } };
  }
  return { jsonrpc: '2.0', id: request.id, ...reply };
}

class RpcFailure extends Error {
  constructor(readonly body: { code: number; message: string; data?: unknown }) {
    super(body.message);
  }
}

const hex = (n: bigint | number) => `0x${BigInt(n).toString(16)}`;

function block(node: FakeNode) {
  const price = { price_in_fri: '0x1', price_in_wei: '0x1' };
  return {
    status: 'ACCEPTED_ON_L2',
    block_hash: '0x1',
    parent_hash: '0x0',
    block_number: 1,
    new_root: '0x0',
    timestamp: node.blockTime,
    sequencer_address: '0x1',
    l1_gas_price: price,
    l2_gas_price: price,
    l1_data_gas_price: price,
    l1_da_mode: 'BLOB',
    starknet_version: '0.14.0',
    transactions: [],
  };
}

function dispatch(node: FakeNode, method: string, params: Record<string, unknown>): unknown {
  switch (method) {
    case 'starknet_specVersion':
      return '0.10.4';
    case 'starknet_chainId':
      return FAKE_CHAIN_ID;
    case 'starknet_blockNumber':
      return 1;
    case 'starknet_getBlockWithTxHashes':
    case 'starknet_getBlockWithTxs':
      return block(node);
    case 'starknet_getNonce':
      return hex(node.nonce);
    case 'starknet_call':
      return call(node, params.request as Record<string, unknown>);
    case 'starknet_estimateFee': {
      const flags = (params.simulation_flags as string[] | undefined) ?? [];
      const txs = params.request as Record<string, unknown>[];
      return txs.map((tx) => {
        if (tx.type === 'DEPLOY_ACCOUNT') node.deployments.push(tx);
        else receive(node, tx, 'estimate', flags.includes('SKIP_VALIDATE'));
        return {
          l1_gas_consumed: '0x10',
          l1_gas_price: '0x2',
          l2_gas_consumed: '0x1000',
          l2_gas_price: '0x3',
          l1_data_gas_consumed: '0x20',
          l1_data_gas_price: '0x4',
          overall_fee: hex(0x10 * 2 + 0x1000 * 3 + 0x20 * 4),
          unit: 'FRI',
        };
      });
    }
    case 'starknet_addInvokeTransaction': {
      const received = receive(
        node,
        params.invoke_transaction as Record<string, unknown>,
        'invoke',
        false,
      );
      node.nonce += 1n;
      return { transaction_hash: received.hash };
    }
    case 'starknet_addDeployAccountTransaction': {
      const tx = params.deploy_account_transaction as Record<string, unknown>;
      node.deployments.push(tx);
      return { transaction_hash: '0xdeb10c', contract_address: '0x0' };
    }
    case 'starknet_getTransactionStatus':
      return {
        finality_status: 'ACCEPTED_ON_L2',
        execution_status: node.revertNext === undefined ? 'SUCCEEDED' : 'REVERTED',
      };
    case 'starknet_getTransactionReceipt': {
      const reverted = node.revertNext;
      node.revertNext = undefined;
      return {
        type: 'INVOKE',
        transaction_hash: params.transaction_hash,
        actual_fee: { amount: '0x1', unit: 'FRI' },
        execution_status: reverted === undefined ? 'SUCCEEDED' : 'REVERTED',
        finality_status: 'ACCEPTED_ON_L2',
        block_hash: '0x1',
        block_number: 1,
        messages_sent: [],
        events: [],
        execution_resources: { l1_gas: 1, l1_data_gas: 1, l2_gas: 1 },
        ...(reverted === undefined ? {} : { revert_reason: reverted }),
      };
    }
    default:
      throw new RpcFailure({ code: -32601, message: `method not found: ${method}` });
  }
}

function call(node: FakeNode, request: Record<string, unknown>): string[] {
  if (BigInt(request.contract_address as string) !== BigInt(node.account)) {
    throw new RpcFailure({ code: 20, message: 'Contract not found' });
  }
  const selector = BigInt(request.entry_point_selector as string);
  const args = (request.calldata as string[]).map((x) => BigInt(x));
  const key = args[0] as bigint;
  if (selector === SELECTORS.getSessionData) {
    const s = node.sessions.get(key);
    if (s === undefined) return Array.from({ length: 10 }, () => '0x0');
    const status = s.status ?? computedStatus(node, s);
    return [
      s.validUntil,
      s.maxCalls,
      s.callsUsed,
      s.allowedCalls?.length ?? 0,
      SESSION_STATUS_CODES[status],
      status === 'active' ? s.maxCalls - s.callsUsed : 0,
      s.strict ? 1 : 0,
      s.maxFeePerTx ?? 0n,
      s.feeBudget ?? 10n ** 18n,
      s.feeUsed ?? 0n,
    ].map((v) => hex(BigInt(v)));
  }
  if (selector === SELECTORS.getAllowedCalls) {
    const list = node.sessions.get(key)?.allowedCalls ?? [];
    return [hex(list.length), ...list.flatMap((c) => [c.contract, c.selector])];
  }
  if (selector === SELECTORS.getSpendingPolicy) {
    const p = node.policies.get(policyKey(key, args[1] as bigint));
    if (p === undefined) return Array.from({ length: 11 }, () => '0x0');
    const remaining = p.spentInWindow >= p.maxPerWindow ? 0n : p.maxPerWindow - p.spentInWindow;
    return [
      1n,
      p.maxPerCall,
      0n,
      p.maxPerWindow,
      0n,
      BigInt(p.windowSeconds),
      p.spentInWindow,
      0n,
      remaining,
      0n,
      BigInt(p.nextReleaseAt ?? 0),
    ].map((v) => hex(v));
  }
  throw new RpcFailure({
    code: 40,
    message: 'Contract error',
    data: { revert_error: `Entry point ${hex(selector)} not found in contract.` },
  });
}

function computedStatus(node: FakeNode, s: FakeSession): SessionStatus {
  if (node.blockTime > s.validUntil) return 'expired';
  if (s.callsUsed >= s.maxCalls) return 'exhausted';
  return 'active';
}

function receive(
  node: FakeNode,
  tx: Record<string, unknown>,
  kind: 'estimate' | 'invoke',
  skipValidate: boolean,
): ReceivedTransaction {
  if (node.failNext !== undefined) {
    const failure = node.failNext;
    node.failNext = undefined;
    throw new RpcFailure(failure);
  }
  const bounds = tx.resource_bounds as Record<
    string,
    { max_amount: string; max_price_per_unit: string }
  >;
  const bn = Object.fromEntries(
    Object.entries(bounds).map(([k, v]) => [
      k,
      { max_amount: BigInt(v.max_amount), max_price_per_unit: BigInt(v.max_price_per_unit) },
    ]),
  );
  const calldata = tx.calldata as string[];
  const hash = v3hash.calculateInvokeTransactionHash(
    tx.sender_address as string,
    tx.version as string,
    calldata,
    FAKE_CHAIN_ID,
    tx.nonce as string,
    tx.account_deployment_data as string[],
    0,
    0,
    bn as never,
    tx.tip as string,
    tx.paymaster_data as string[],
  );
  const signature = (tx.signature as string[]) ?? [];
  const received: ReceivedTransaction = {
    kind,
    hash: toFeltHex(BigInt(hash)),
    senderAddress: tx.sender_address as string,
    version: tx.version as string,
    signature,
    calls: decodeExecute(calldata),
    skipValidate,
  };
  node.transactions.push(received);
  if (!skipValidate && !validSignature(node, received.hash, signature)) {
    throw new RpcFailure({
      code: 55,
      message: 'Account validation failed',
      data: `Invalid signature: ${hex(encodeShortString('account/invalid-signature'))}`,
    });
  }
  return received;
}

function validSignature(node: FakeNode, hash: string, signature: string[]): boolean {
  if (signature.length === 4) return verifySessionTransactionSignature(hash, signature);
  if (signature.length === 2 && node.ownerPublicKey !== undefined) {
    return verifyHash(hash, node.ownerPublicKey, {
      r: signature[0] as string,
      s: signature[1] as string,
    });
  }
  return false;
}

function decodeExecute(calldata: string[]): ReceivedTransaction['calls'] {
  const felts = calldata.map((x) => BigInt(x));
  const calls: ReceivedTransaction['calls'] = [];
  let i = 1;
  for (let n = 0; n < Number(felts[0]); n++) {
    const to = felts[i] as bigint;
    const selector = felts[i + 1] as bigint;
    const len = Number(felts[i + 2]);
    calls.push({ to, selector, calldata: felts.slice(i + 3, i + 3 + len) });
    i += 3 + len;
  }
  return calls;
}
