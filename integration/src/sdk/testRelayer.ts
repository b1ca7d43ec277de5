import { createServer, type Server } from 'node:http';
import { parseRelayerRequest, relayerRequestCall } from '@chipi-sessions/sdk';
import type { Account } from 'starknet';

export interface TestRelayer {
  url: string;
  /** Requests accepted so far. */
  submitted: string[];
  close(): Promise<void>;
}

/**
 * A real `chipi-relayer/v1` relayer on 127.0.0.1: it checks the bearer token, validates the body,
 * and submits `execute_from_outside_v2` with its own (predeployed) account, which pays the fee.
 * When the node refuses, it answers 422 with the node's error text as `revertReason`.
 */
export async function startTestRelayer(
  relayerAccount: Account,
  token: string,
): Promise<TestRelayer> {
  const submitted: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST') return reply(405, { error: { message: 'POST only' } });
    if (req.headers.authorization !== `Bearer ${token}`) {
      return reply(401, { error: { message: 'invalid bearer token' } });
    }
    let text = '';
    for await (const chunk of req) text += chunk;
    let request: ReturnType<typeof parseRelayerRequest>;
    try {
      request = parseRelayerRequest(JSON.parse(text));
    } catch (error) {
      return reply(400, { error: { message: String(error) } });
    }
    try {
      const { transaction_hash } = await relayerAccount.execute(relayerRequestCall(request));
      submitted.push(transaction_hash);
      return reply(200, { transactionHash: transaction_hash });
    } catch (error) {
      const revertReason = error instanceof Error ? error.message : String(error);
      return reply(422, { error: { message: 'the node refused the transaction', revertReason } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1/relay`,
    submitted,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
