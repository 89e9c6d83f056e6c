import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@ventanilla/config/config.js';
import { APP_CONFIG } from '@ventanilla/config/config.module.js';
import { blobStoreFor, type BlobStore } from '@ventanilla/documents/blob-store.js';
import { extractText, hasReadableText } from '@ventanilla/documents/text/attachment-text.js';
import { JobName, type JobPayloads } from '@ventanilla/queue/jobs.js';
import type { JobHandler } from './job-handler.js';

/**
 * Reads the text of a PDF or plain-text attachment once, for search: the row it writes to `attachment_texts`
 * re-indexes the file in the same transaction (a trigger). A file that cannot be read is recorded as
 * `unreadable` and is simply not searchable by its content; only a database or storage fault fails the job (and
 * is retried). A second delivery, or a file deleted since, is a no-op.
 */
@Injectable()
export class ExtractAttachmentTextHandler implements JobHandler<JobName.ExtractAttachmentText>, OnApplicationShutdown {
  readonly jobName = JobName.ExtractAttachmentText;
  private readonly store: BlobStore;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.store = blobStoreFor(config, db);
  }

  onApplicationShutdown(): void {
    (this.store as { close?: () => void }).close?.();
  }

  async handle({ attachmentId }: JobPayloads[JobName.ExtractAttachmentText]): Promise<void> {
    const [file] = await this.db.query<Array<{ content_type: string; storage_key: string; done: boolean }>>(
      `SELECT a.content_type, a.storage_key, EXISTS (SELECT 1 FROM attachment_texts x WHERE x.attachment_id = a.id) AS done
         FROM attachments a WHERE a.id = $1`,
      [attachmentId],
    );
    if (!file || file.done) return;
    const result = hasReadableText(file.content_type)
      ? await extractText(await this.bytes(file.storage_key), file.content_type)
      : ({ status: 'unsupported', text: null } as const);
    await this.db.query(
      `INSERT INTO attachment_texts (attachment_id, status, text)
       SELECT id, $2, $3 FROM attachments WHERE id = $1
       ON CONFLICT (attachment_id) DO NOTHING`,
      [attachmentId, result.status, result.text],
    );
  }

  private async bytes(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.store.read(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}
