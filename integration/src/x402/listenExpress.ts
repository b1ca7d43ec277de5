import type { Server } from 'node:http';
import type { Express } from 'express';

/** A listening Express app on an ephemeral loopback port. */
export interface ListeningApp {
  url: string;
  close(): Promise<void>;
}

export async function listenExpress(app: Express): Promise<ListeningApp> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
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
