import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A file of the record (issue 11): the requester's annexes, a file with a clarification answer, an agency's
 * evidence with its answer, the hub's files released with the reply, or a hub-internal note. The bytes live in
 * the configured store under `storageKey` and are written before this row commits; nothing is ever deleted
 * once the request is submitted: a file is withdrawn (and stays for auditors).
 */
@Entity('attachments')
@Index('attachments_request_idx', ['requestId', 'uploadedAt'])
@Index('attachments_storage_key_idx', ['storageKey'], { unique: true })
// The check constraints of the documents migration, written as PostgreSQL prints them (pg_get_constraintdef), so
// the schema builder knows them and the entity says what the database enforces.
@Check(
  'attachments_context_chk',
  `(context = ANY (ARRAY['request'::text, 'clarification'::text, 'answer'::text, 'reply'::text, 'note'::text]))`,
)
@Check('attachments_answer_chk', `((context = 'answer'::text) = (assignment_id IS NOT NULL))`)
export class AttachmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) requestId: string;
  /** request | clarification | answer | reply | note */
  @Column({ type: 'text' }) context: string;
  /** The assignment an `answer` file belongs to. */
  @Column({ type: 'uuid', nullable: true }) assignmentId: string | null;
  @Column({ type: 'text' }) filename: string;
  /** Sniffed from the bytes, never taken from the name or the header. */
  @Column({ type: 'text' }) contentType: string;
  @Column({ type: 'bigint' }) size: string;
  /** Lowercase hex. */
  @Column({ type: 'text' }) sha256: string;
  @Column({ type: 'text' }) handlingCode: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  /** db | s3 */
  @Column({ type: 'text' }) storage: string;
  @Column({ type: 'text' }) storageKey: string;
  @Column({ type: 'uuid' }) uploadedBy: string;
  @Column({ type: 'text' }) uploadedRole: string;
  /** The uploader's agency; for `answer` files, the assignment's agency. */
  @Column({ type: 'text', nullable: true }) agency: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) uploadedAt: Date;
  /** `answer` and `reply` files: when the hub released them to the requester with the reply. */
  @Column({ type: 'timestamptz', nullable: true }) releasedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) withdrawnAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) withdrawnBy: string | null;
  @Column({ type: 'text', nullable: true }) withdrawnReason: string | null;
}

/** The database store's objects: one row per stored file, its bytes in chunks, both written before the metadata. */
@Entity('attachment_blobs')
export class AttachmentBlobEntity {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}

@Entity('attachment_chunks')
export class AttachmentChunkEntity {
  @PrimaryColumn({ type: 'text' })
  @ForeignKey(() => AttachmentBlobEntity, { name: 'FK_attachment_chunks_blob', onDelete: 'CASCADE' })
  blobKey: string;
  @PrimaryColumn({ type: 'integer' }) seq: number;
  @Column({ type: 'bytea' }) data: Buffer;
}

/** Who downloaded which file, how often: counted per user (each download is also an audit event). */
@Entity('attachment_downloads')
export class AttachmentDownloadEntity {
  @PrimaryColumn({ type: 'uuid' }) attachmentId: string;
  @PrimaryColumn({ type: 'uuid' }) userId: string;
  @Column({ type: 'integer', default: 0 }) count: number;
  @Column({ type: 'timestamptz' }) lastAt: Date;
}

/**
 * A translation by SRE-SSAN of an agency answer, a clarification (question or answer), the request, or the
 * reply. It never replaces the original: both are shown, the translation marked as such with its date.
 */
@Entity('translations')
@Index('translations_request_idx', ['requestId', 'createdAt'])
export class TranslationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) requestId: string;
  /** answer | clarification | request | reply */
  @Column({ type: 'text' }) ofKind: string;
  @Column({ type: 'uuid' }) ofId: string;
  @Column({ type: 'text' }) language: string;
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'uuid' }) createdBy: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}

/**
 * The text of an attachment, extracted by a job after the upload (PDF and plain text); `unreadable` (a damaged or
 * encrypted file, no text layer) and `unsupported` (images, audio…) files are simply not searchable by content.
 */
@Entity('attachment_texts')
@Check(
  'attachment_texts_status_chk',
  `(status = ANY (ARRAY['extracted'::text, 'unreadable'::text, 'unsupported'::text]))`,
)
export class AttachmentTextEntity {
  @PrimaryColumn({ type: 'uuid' }) attachmentId: string;
  /** extracted | unreadable | unsupported */
  @Column({ type: 'text' }) status: string;
  @Column({ type: 'text', nullable: true }) text: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) extractedAt: Date;
}
