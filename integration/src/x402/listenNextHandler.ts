import { createServer, type IncomingMessage } from 'node:http';
import { NextRequest, type NextResponse } from 'next/server.js';
import type { ListeningApp } from './listenExpress.ts';

/**
 * Serves a Next.js route handler or proxy over Node HTTP: each request becomes a real
 * `NextRequest`, and the `NextResponse` it returns is written back as is. A returned
 * `NextResponse.next()` (a proxy letting the request through) is answered by `upstream`.
 */
export async function listenNextHandler(
  handler: (request: NextRequest) => Promise<NextResponse>,
  upstream?: (request: NextRequest) => Promise<Response>,
): Promise<ListeningApp> {
  const server = createServer(async (req, res) => {
    try {
      const request = await toNextRequest(req);
      let response: Response = await handler(request);
      if (response.headers.get('x-middleware-next') === '1' && upstream) {
        const passed = response;
        response = await upstream(request);
        passed.headers.forEach((value, name) => {
          if (!name.startsWith('x-middleware-')) response.headers.set(name, value);
        });
      }
      res.statusCode = response.status;
      response.headers.forEach((value, name) => {
        if (!name.startsWith('x-middleware-')) res.setHeader(name, value);
      });
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function toNextRequest(req: IncomingMessage): Promise<NextRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  return new NextRequest(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
  });
}
