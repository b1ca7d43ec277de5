import { createServer, type Server } from 'node:http';
import {
  ChipiError,
  encodeShortString,
  getPublicKey,
  outsideExecutionHash,
  toFeltHex,
  verifyHash,
  verifySessionOutsideExecutionSignature,
} from '@chipi-sessions/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RelayerClient } from './RelayerClient.js';
import {
  type ParsedRelayerRequest,
  parseRelayerRequest,
  relayerRequestCall,
} from './relayerProtocol.js';
import { FAKE_CHAIN_ID } from './testing/fakeStarknetNode.js';
import { createFixture, type Fixture, OWNER_KEY, PIN, transferCall } from './testing/fixture.js';

interface TestRelayer {
  url: string;
  received: { authorization: string | undefined; request: ParsedRelayerRequest }[];
  /** Next response to give instead of success. */
  failWith?: { status: number; body: unknown };
  close(): Promise<void>;
}

/** A relayer on 127.0.0.1 that checks the bearer token and the signature, then "submits". */
async function startRelayer(token: string): Promise<TestRelayer> {
  const relayer: TestRelayer = { url: '', received: [], close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const reply = (status: number, json: unknown) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(json));
    };
    if (req.headers.authorization !== `Bearer ${token}`) {
      reply(401, { error: { message: 'bad token' } });
      return;
    }
    const request = parseRelayerRequest(JSON.parse(body));
    relayer.received.push({ authorization: req.headers.authorization, request });
    if (relayer.failWith) {
      reply(relayer.failWith.status, relayer.failWith.body);
      return;
    }
    reply(200, { transactionHash: '0xabc123' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  relayer.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/relay`;
  relayer.close = () => new Promise((resolve) => server.close(() => resolve()));
  return relayer;
}

let f: Fixture;
let relayer: TestRelayer;
beforeEach(async () => {
  relayer = await startRelayer('jwt-1');
  f = await createFixture({ relayerUrl: relayer.url, bearerToken: 'jwt-1' });
});
afterEach(async () => {
  await f.close();
  await relayer.close();
});

function executeWithSession(bearerToken?: string) {
  return f.sdk.executeTransactionWithSession({
    params: { encryptKey: PIN, wallet: f.wallet, session: f.session, calls: [transferCall()] },
    ...(bearerToken === undefined ? {} : { bearerToken }),
  });
}

describe('relayer path', () => {
  it('POSTs a session-signed SNIP-9 v2 outside execution with the bearer token', async () => {
    const txHash = await executeWithSession('jwt-1');
    expect(txHash).toBe('0xabc123');
    expect(f.node.transactions).toHaveLength(0); // the account sent nothing itself
    const [{ request, authorization } = {} as never] = relayer.received;
    expect(authorization).toBe('Bearer jwt-1');
    expect(request.chainId).toBe(BigInt(FAKE_CHAIN_ID));
    expect(BigInt(request.outsideExecution.executeAfter)).toBeLessThan(BigInt(f.node.blockTime));
    expect(BigInt(request.outsideExecution.executeBefore)).toBeLessThanOrEqual(
      BigInt(f.session.validUntil + 1),
    );
    const h = outsideExecutionHash(
      request.outsideExecution,
      request.accountAddress,
      request.chainId,
    );
    expect(verifySessionOutsideExecutionSignature(h, request.signature)).toBe(true);
    const call = relayerRequestCall(request);
    expect(call.entrypoint).toBe('execute_from_outside_v2');
  });

  it('falls back to the SDK’s default bearer token', async () => {
    await expect(executeWithSession()).resolves.toBe('0xabc123');
  });

  it('runs the pre-flight before signing an outside execution', async () => {
    const entry = f.node.sessions.get(BigInt(f.session.publicKey));
    if (entry) entry.callsUsed = entry.maxCalls;
    await expect(executeWithSession()).rejects.toMatchObject({
      code: 'SESSION_MAX_CALLS_EXCEEDED',
    });
    expect(relayer.received).toHaveLength(0);
  });

  it('sends owner management calls as owner-signed outside executions', async () => {
    await f.sdk.sessions.revokeAllSessions({ encryptKey: PIN, wallet: f.wallet }, 'jwt-1');
    const [{ request } = {} as never] = relayer.received;
    expect(request.signature).toHaveLength(2);
    const h = outsideExecutionHash(
      request.outsideExecution,
      request.accountAddress,
      request.chainId,
    );
    expect(
      verifyHash(h, getPublicKey(OWNER_KEY), {
        r: request.signature[0] as string,
        s: request.signature[1] as string,
      }),
    ).toBe(true);
  });

  it('a refused token is RELAYER_UNAUTHORIZED', async () => {
    const error = await executeWithSession('wrong').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChipiError);
    expect((error as ChipiError).code).toBe('RELAYER_UNAUTHORIZED');
  });

  it('the account’s refusal reported by the relayer is decoded', async () => {
    relayer.failWith = {
      status: 422,
      body: {
        error: {
          message: 'execution failed',
          revertReason: `Error in the called contract: ${toFeltHex(encodeShortString('outside/duplicate-nonce'))}`,
        },
      },
    };
    await expect(executeWithSession()).rejects.toMatchObject({
      code: 'OUTSIDE_EXECUTION_REJECTED',
    });
  });
});

describe('RelayerClient', () => {
  it('keeps the Authorization header and uses the injected fetch', async () => {
    const seen: Headers[] = [];
    const client = new RelayerClient({
      url: 'https://relayer.invalid/relay',
      fetch: async (_input, init) => {
        seen.push(new Headers(init?.headers));
        return new Response(JSON.stringify({ transactionHash: '0x0a' }), { status: 200 });
      },
    });
    const hash = await client.submit(
      {
        protocol: 'chipi-relayer/v1',
        accountAddress: '0x1',
        chainId: FAKE_CHAIN_ID,
        outsideExecution: {
          caller: '0x1',
          nonce: '0x1',
          executeAfter: '0x1',
          executeBefore: '0x2',
          calls: [],
        },
        signature: ['0x1', '0x2'],
      },
      'tok',
    );
    expect(hash).toBe('0xa');
    expect(seen[0]?.get('authorization')).toBe('Bearer tok');
    expect(seen[0]?.get('content-type')).toBe('application/json');
  });

  it('reports an unreachable or malformed relayer as RELAYER_ERROR', async () => {
    const down = new RelayerClient({
      url: 'http://127.0.0.1:1/relay',
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const request = {
      protocol: 'chipi-relayer/v1' as const,
      accountAddress: '0x1',
      chainId: FAKE_CHAIN_ID,
      outsideExecution: {
        caller: '0x1',
        nonce: '0x1',
        executeAfter: '0x1',
        executeBefore: '0x2',
        calls: [],
      },
      signature: ['0x1', '0x2'],
    };
    await expect(down.submit(request)).rejects.toMatchObject({ code: 'RELAYER_ERROR' });
    const odd = new RelayerClient({
      url: 'https://relayer.invalid',
      fetch: async () => new Response('{"ok":true}', { status: 200 }),
    });
    await expect(odd.submit(request)).rejects.toMatchObject({ code: 'RELAYER_ERROR' });
  });
});
