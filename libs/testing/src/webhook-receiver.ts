import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  path: string;
  headers: IncomingHttpHeaders;
  /** The exact body, as a receiver must verify it. */
  raw: string;
  json: Record<string, any>;
  /** What the receiver answered. */
  status: number;
}

export interface WebhookReceiver {
  url(path: string): string;
  calls: ReceivedCall[];
  /** The status every later call to `path` gets (204 until set). */
  answer(path: string, status: number): void;
  close(): Promise<void>;
}

/** A real HTTP server on a random local port that records each POST and answers as told. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  const statuses = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const raw = Buffer.concat(chunks).toString('utf8');
      const status = statuses.get(path) ?? 204;
      let json: Record<string, any> = {};
      try {
        json = JSON.parse(raw) as Record<string, any>;
      } catch {
        // recorded as an empty object; the test looks at `raw`
      }
      calls.push({ path, headers: req.headers, raw, json, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    calls,
    answer: (path, status) => statuses.set(path, status),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
