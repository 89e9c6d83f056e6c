import pg from 'pg';

/** First wait before connecting again after the connection was lost; doubled up to RECONNECT_MAX_MS. */
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15_000;

/**
 * A connection of its own that LISTENs to PostgreSQL notifications (pooled connections cannot: they are shared
 * and reset). If it cannot connect, or loses its connection, `onError` is told, the subscribers fall back on
 * what they do without it (polling, or a cache that expires), and it connects again in the background: on
 * success every channel is listened to again and the `onReconnect` callbacks run (notifications sent in
 * between are lost, so a cache must drop everything it holds then).
 */
export class ChannelListener {
  private client: pg.Client | null = null;
  private ready = false;
  private closed = false;
  private retryMs = RECONNECT_MIN_MS;
  private retry: NodeJS.Timeout | null = null;
  private readonly handlers = new Map<string, Array<(payload: string) => void>>();
  private readonly reconnected: Array<() => void> = [];
  private readonly lost: Array<() => void> = [];

  constructor(
    private readonly url: string,
    private readonly applicationName: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** True while notifications arrive. */
  get connected(): boolean {
    return this.ready;
  }

  /** Called each time the connection is back after a loss (not on the first connection). */
  onReconnect(fn: () => void): void {
    this.reconnected.push(fn);
  }

  /** Called as soon as the connection is known to be lost. */
  onLost(fn: () => void): void {
    this.lost.push(fn);
  }

  /** Starts listening on `channel`; answers false (after telling `onError`) if it could not connect yet. */
  async listen(channel: string, handler: (payload: string) => void): Promise<boolean> {
    if (!/^[a-z_]+$/.test(channel)) throw new Error(`invalid channel name: ${channel}`);
    const known = this.handlers.get(channel);
    if (known) known.push(handler);
    else this.handlers.set(channel, [handler]);
    try {
      if (!this.client) {
        await this.connect();
      } else if (!known) {
        await this.client.query(`LISTEN ${channel}`);
      }
      return this.ready;
    } catch (err) {
      this.dropped(err);
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.ready = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: this.applicationName,
      keepAlive: true,
    });
    this.client = client;
    client.on('error', (err) => this.dropped(err, client));
    client.on('end', () => this.dropped(new Error('listener connection ended'), client));
    client.on('notification', (n) => {
      for (const h of this.handlers.get(n.channel) ?? []) h(n.payload ?? '');
    });
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
    if (this.client !== client) return;
    this.ready = true;
    this.retryMs = RECONNECT_MIN_MS;
  }

  /** The connection is gone (or never came): tell, and try again later unless closed. */
  private dropped(err: unknown, client: pg.Client | null = this.client): void {
    if (this.closed || client !== this.client) return;
    const wasReady = this.ready;
    this.ready = false;
    this.client = null;
    client?.end().catch(() => undefined);
    this.onError(err);
    if (wasReady) for (const fn of this.lost) fn();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(RECONNECT_MAX_MS, this.retryMs * 2);
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect().then(
        () => {
          if (this.ready) for (const fn of this.reconnected) fn();
        },
        (e: unknown) => this.dropped(e),
      );
    }, wait);
    this.retry.unref();
  }
}
