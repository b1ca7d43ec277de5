import { createServer, type Server } from 'node:http';
import { RpcProvider } from 'starknet';

/** A JSON-RPC proxy in front of a node that counts the methods called through it. */
export interface CountingRpcProxy {
  provider: RpcProvider;
  /** Calls per JSON-RPC method since the last `reset()`. */
  counts: Map<string, number>;
  /** Milliseconds spent waiting for the node, per method, since the last `reset()`. */
  millis: Map<string, number>;
  /** Milliseconds during which at least one call was waiting for the node (overlaps counted once). */
  busyMs(): number;
  /** The simulation flags and the invoke's signature length of each simulated transaction. */
  simulations: { flags: string[]; signatureLength: number }[];
  /** Methods the proxy answers with HTTP 503 instead of forwarding (the node unreachable). */
  unavailable: Set<string>;
  total(): number;
  reset(): void;
  close(): Promise<void>;
}

interface JsonRpcCall {
  method?: string;
  params?: { simulation_flags?: string[]; transactions?: { signature?: unknown[] }[] };
}

/** Starts a proxy forwarding to `nodeUrl` (e.g. devnet's `/rpc`) on an ephemeral port. */
export async function startCountingRpcProxy(nodeUrl: string): Promise<CountingRpcProxy> {
  const counts = new Map<string, number>();
  const millis = new Map<string, number>();
  const simulations: CountingRpcProxy['simulations'] = [];
  const unavailable = new Set<string>();
  let inFlight = 0;
  let busySince = 0;
  let busy = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const parsed = JSON.parse(body) as JsonRpcCall | JsonRpcCall[];
    const requests = Array.isArray(parsed) ? parsed : [parsed];
    const methods = requests.map((c) => c.method ?? 'unknown');
    for (const call of requests) {
      if (call.method !== 'starknet_simulateTransactions') continue;
      for (const tx of call.params?.transactions ?? []) {
        simulations.push({
          flags: call.params?.simulation_flags ?? [],
          signatureLength: tx.signature?.length ?? 0,
        });
      }
    }
    for (const method of methods) counts.set(method, (counts.get(method) ?? 0) + 1);
    if (methods.some((method) => unavailable.has(method))) {
      res.statusCode = 503;
      res.end('unavailable');
      return;
    }
    const started = performance.now();
    if (inFlight++ === 0) busySince = started;
    const upstream = await fetch(nodeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const ended = performance.now();
    if (--inFlight === 0) busy += ended - busySince;
    const spent = ended - started;
    for (const method of methods) {
      millis.set(method, (millis.get(method) ?? 0) + spent / methods.length);
    }
    res.statusCode = upstream.status;
    res.setHeader('content-type', 'application/json');
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    provider: new RpcProvider({ nodeUrl: `http://127.0.0.1:${port}` }),
    counts,
    millis,
    simulations,
    unavailable,
    busyMs: () => busy,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => {
      counts.clear();
      millis.clear();
      simulations.length = 0;
      busy = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
