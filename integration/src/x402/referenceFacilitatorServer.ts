import { createServer, type IncomingMessage } from 'node:http';
import {
  type ExactStarknetFacilitator,
  exactStarknetFacilitatorScheme,
} from '@chipi-sessions/x402/facilitator';
import { x402Facilitator } from '@x402/core/facilitator';
import type { PaymentPayload, PaymentRequirements } from '@x402/core/types';
import { API_KEY } from './x402Harness.ts';

/** The reference x402 facilitator, with our exact scheme registered, served over HTTP. */
export interface ReferenceFacilitatorServer {
  url: string;
  reference: x402Facilitator;
  close(): Promise<void>;
}

/**
 * Serves `GET /supported`, `POST /verify` and `POST /settle` of a reference `x402Facilitator` whose
 * only scheme is our `ExactStarknetFacilitator` (through `exactStarknetFacilitatorScheme`). The two
 * POST routes require `Authorization: Bearer API_KEY`.
 */
export async function startReferenceFacilitatorServer(
  facilitator: ExactStarknetFacilitator,
): Promise<ReferenceFacilitatorServer> {
  const network = (await facilitator.network()) as `${string}:${string}`;
  const reference = new x402Facilitator().register(
    network,
    exactStarknetFacilitatorScheme(facilitator),
  );
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    void (async () => {
      if (req.method === 'GET' && req.url === '/supported')
        return send(200, reference.getSupported());
      if (req.method !== 'POST' || (req.url !== '/verify' && req.url !== '/settle')) {
        return send(404, { error: 'not_found' });
      }
      if (req.headers.authorization !== `Bearer ${API_KEY}`) {
        return send(401, { error: 'unauthorized' });
      }
      const body = JSON.parse(await readBody(req)) as {
        paymentPayload: PaymentPayload;
        paymentRequirements: PaymentRequirements;
      };
      const result =
        req.url === '/verify'
          ? await reference.verify(body.paymentPayload, body.paymentRequirements)
          : await reference.settle(body.paymentPayload, body.paymentRequirements);
      return send(200, result);
    })().catch((error: unknown) => send(500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    reference,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
