import pg from 'pg';

/**
 * A connection of its own that LISTENs to PostgreSQL notifications (pooled connections cannot: they are shared
 * and reset). If it cannot connect, or loses its connection, `onError` is told and the subscribers fall back on
 * what they do without it (polling, or a cache that expires).
 */
export class ChannelListener {
  private client: pg.Client | null = null;
  private ready = false;

  constructor(
    private readonly url: string,
    private readonly applicationName: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** True while notifications arrive. */
  get connected(): boolean {
    return this.ready;
  }

  /** Starts listening on `channel`; answers false (after telling `onError`) if it could not. */
  async listen(channel: string, handler: (payload: string) => void): Promise<boolean> {
    if (!/^[a-z_]+$/.test(channel)) throw new Error(`invalid channel name: ${channel}`);
    try {
      if (!this.client) {
        const client = new pg.Client({ connectionString: this.url, application_name: this.applicationName });
        client.on('error', (err) => {
          this.ready = false;
          this.onError(err);
        });
        this.client = client;
        await client.connect();
        this.ready = true;
      }
      this.client.on('notification', (n) => {
        if (n.channel === channel) handler(n.payload ?? '');
      });
      await this.client.query(`LISTEN ${channel}`);
      return true;
    } catch (err) {
      this.ready = false;
      this.onError(err);
      return false;
    }
  }

  async close(): Promise<void> {
    this.ready = false;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
