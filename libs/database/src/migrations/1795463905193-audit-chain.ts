import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditChain1795463905193 implements MigrationInterface {
  name = 'AuditChain1795463905193';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_chain" ("seq" bigint NOT NULL, "event_id" uuid NOT NULL, "prev_hash" bytea NOT NULL, "hash" bytea NOT NULL, "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_d31e87c3f18459d04fe709c30a5" PRIMARY KEY ("seq"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "audit_chain_event_idx" ON "audit_chain"  ("event_id") ');
    await queryRunner.query(
      'CREATE TABLE "audit_checkpoints" ("seq" bigint NOT NULL, "head_hash" bytea NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "key_id" text NOT NULL, "signature" bytea NOT NULL, CONSTRAINT "PK_00d27c519361818fba5bb6602de" PRIMARY KEY ("seq"))',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_unsealed" ("position" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_fe3d46ca239aeda91cc5baf0a86" PRIMARY KEY ("position"))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "audit_unsealed"');
    await queryRunner.query('DROP TABLE "audit_checkpoints"');
    await queryRunner.query('DROP INDEX "public"."audit_chain_event_idx"');
    await queryRunner.query('DROP TABLE "audit_chain"');
  }
}
