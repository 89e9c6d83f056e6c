import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';

/** The size of one stored piece of a file in the database store. */
export const CHUNK_BYTES = 256 * 1024;
/** Chunks read back per query. */
const READ_CHUNKS = 4;

/**
 * Where the bytes of attachments live, behind one port: the database (the zero-setup default) or S3-compatible
 * object storage. A file is written whole under a fresh key before its metadata row commits, so a row never
 * points at missing bytes; bytes whose row never came (an upload cut short, a refused file, a crash) are
 * orphans that `orphans()` lists for the retention job to remove.
 */
export interface BlobStore {
  readonly kind: 'db' | 's3';
  /** Stores the chunks under `key`; on failure, removes what it wrote and rethrows. */
  write(key: string, chunks: AsyncIterable<Buffer>): Promise<void>;
  /** The bytes, streamed as they are read. */
  read(key: string): Readable;
  remove(key: string): Promise<void>;
  /** Keys written before `before` that no attachment row names. */
  orphans(before: Date, limit: number): Promise<string[]>;
}

/** Files in PostgreSQL: a blob row and 256 KiB chunks, written one chunk at a time and read back the same way. */
export class DatabaseBlobStore implements BlobStore {
  readonly kind = 'db' as const;

  constructor(private readonly db: DataSource) {}

  async write(key: string, chunks: AsyncIterable<Buffer>): Promise<void> {
    await this.db.query(`INSERT INTO attachment_blobs (key) VALUES ($1)`, [key]);
    try {
      let seq = 0;
      for await (const chunk of chunks) {
        await this.db.query(`INSERT INTO attachment_chunks (blob_key, seq, data) VALUES ($1, $2, $3)`, [
          key,
          seq++,
          chunk,
        ]);
      }
    } catch (err) {
      await this.remove(key).catch(() => undefined);
      throw err;
    }
  }

  read(key: string): Readable {
    const db = this.db;
    return Readable.from(
      (async function* () {
        // READ_CHUNKS chunks per query (1 MiB): memory stays at a few chunks whatever the file's size.
        for (let from = 0; ; from += READ_CHUNKS) {
          const rows = await db.query<Array<{ data: Buffer }>>(
            `SELECT data FROM attachment_chunks WHERE blob_key = $1 AND seq >= $2 AND seq < $3 ORDER BY seq`,
            [key, from, from + READ_CHUNKS],
          );
          for (const row of rows) yield row.data;
          if (rows.length < READ_CHUNKS) return;
        }
      })(),
      { objectMode: false },
    );
  }

  async remove(key: string): Promise<void> {
    await this.db.query(`DELETE FROM attachment_blobs WHERE key = $1`, [key]);
  }

  async orphans(before: Date, limit: number): Promise<string[]> {
    const rows = await this.db.query<Array<{ key: string }>>(
      `SELECT b.key FROM attachment_blobs b
        WHERE b.created_at < $1 AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.storage_key = b.key)
        LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => r.key);
  }
}

/** Files in an S3-compatible bucket (AWS S3, MinIO…), uploaded in parts as they stream in. */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(
    private readonly settings: NonNullable<AppConfig['attachments']['s3']>,
    private readonly db: DataSource,
  ) {
    const config: S3ClientConfig = {
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.accessKeyId && settings.secretAccessKey
        ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
        : {}),
    };
    this.client = new S3Client(config);
  }

  async write(key: string, chunks: AsyncIterable<Buffer>): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: key, Body: Readable.from(chunks) },
      // Parts of 5 MiB (S3's smallest), two in flight: memory stays near 10 MiB per upload.
      partSize: 5 * 1024 * 1024,
      queueSize: 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      await this.remove(key).catch(() => undefined);
      throw err;
    }
  }

  read(key: string): Readable {
    const client = this.client;
    const bucket = this.settings.bucket;
    return Readable.from(
      (async function* () {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        for await (const chunk of res.Body as AsyncIterable<Buffer>) yield chunk;
      })(),
      { objectMode: false },
    );
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  async orphans(before: Date, limit: number): Promise<string[]> {
    const candidates: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: KEY_PREFIX, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? [])
        if (o.Key && o.LastModified && o.LastModified < before) candidates.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token && candidates.length < limit * 10);
    if (candidates.length === 0) return [];
    const named = await this.db.query<Array<{ storage_key: string }>>(
      `SELECT storage_key FROM attachments WHERE storage_key = ANY($1)`,
      [candidates],
    );
    const keep = new Set(named.map((r) => r.storage_key));
    return candidates.filter((k) => !keep.has(k)).slice(0, limit);
  }

  close(): void {
    this.client.destroy();
  }
}

/** Every key this application writes starts so, so that a shared bucket's other objects are never touched. */
export const KEY_PREFIX = 'ventanilla/attachments/';

export function blobStoreFor(config: Pick<AppConfig, 'attachments'>, db: DataSource): BlobStore {
  return config.attachments.storage === 's3' && config.attachments.s3
    ? new S3BlobStore(config.attachments.s3, db)
    : new DatabaseBlobStore(db);
}
