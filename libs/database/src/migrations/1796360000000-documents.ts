import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The documents of the record (issue 11): attachments and their bytes, downloads, translations. */
export class Documents1796360000000 implements MigrationInterface {
  name = 'Documents1796360000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request_id" uuid NOT NULL, "context" text NOT NULL,
        "assignment_id" uuid, "filename" text NOT NULL, "content_type" text NOT NULL, "size" bigint NOT NULL, "sha256" text NOT NULL,
        "handling_code" text NOT NULL, "description" text, "storage" text NOT NULL, "storage_key" text NOT NULL,
        "uploaded_by" uuid NOT NULL, "uploaded_role" text NOT NULL, "agency" text,
        "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "released_at" TIMESTAMP WITH TIME ZONE,
        "withdrawn_at" TIMESTAMP WITH TIME ZONE, "withdrawn_by" uuid, "withdrawn_reason" text,
        CONSTRAINT "PK_attachments" PRIMARY KEY ("id"),
        CONSTRAINT "attachments_context_chk" CHECK (context IN ('request', 'clarification', 'answer', 'reply', 'note')),
        CONSTRAINT "attachments_answer_chk" CHECK ((context = 'answer') = (assignment_id IS NOT NULL)))`,
    );
    await queryRunner.query(`CREATE INDEX "attachments_request_idx" ON "attachments" ("request_id", "uploaded_at")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "attachments_storage_key_idx" ON "attachments" ("storage_key")`);
    await queryRunner.query(
      `CREATE TABLE "attachment_blobs" ("key" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_attachment_blobs" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "attachment_chunks" ("blob_key" text NOT NULL, "seq" integer NOT NULL, "data" bytea NOT NULL,
        CONSTRAINT "PK_attachment_chunks" PRIMARY KEY ("blob_key", "seq"),
        CONSTRAINT "FK_attachment_chunks_blob" FOREIGN KEY ("blob_key") REFERENCES "attachment_blobs"("key") ON DELETE CASCADE)`,
    );
    // The chunks are already compressed or small: no point in PostgreSQL trying to compress them again.
    await queryRunner.query(`ALTER TABLE "attachment_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL`);
    await queryRunner.query(
      `CREATE TABLE "attachment_downloads" ("attachment_id" uuid NOT NULL, "user_id" uuid NOT NULL, "count" integer NOT NULL DEFAULT 0,
        "last_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_attachment_downloads" PRIMARY KEY ("attachment_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "translations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request_id" uuid NOT NULL, "of_kind" text NOT NULL,
        "of_id" uuid NOT NULL, "language" text NOT NULL, "text" text NOT NULL, "created_by" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_translations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "translations_request_idx" ON "translations" ("request_id", "created_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "translations"`);
    await queryRunner.query(`DROP TABLE "attachment_downloads"`);
    await queryRunner.query(`DROP TABLE "attachment_chunks"`);
    await queryRunner.query(`DROP TABLE "attachment_blobs"`);
    await queryRunner.query(`DROP TABLE "attachments"`);
  }
}
