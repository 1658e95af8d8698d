import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  /** Answers these statuses in turn, then `fallback` (200 unless set); status 0 never answers. */
  respondWith(statuses: number[], fallback?: number): void;
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 (a free port) that records every POST and answers as told. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  let planned: number[] = [];
  let fallback = 200;
  const server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      received.push({ headers: request.headers, body, json: JSON.parse(body) });
      const status = planned.shift() ?? fallback;
      if (status === 0) return;
      response.statusCode = status;
      if (status >= 300 && status < 400) response.setHeader('location', '/elsewhere');
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/cairn`,
    received,
    respondWith(statuses, otherwise = 200) {
      planned = [...statuses];
      fallback = otherwise;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // fetch keeps connections alive; drop them so close does not wait for their idle timeout.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
