import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from './harness.js';

/** Listens on a free loopback port; close() also drops keep-alive sockets. */
export async function listen(server: Server): Promise<App> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
