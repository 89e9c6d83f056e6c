import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The retention job (issue 12) finds what is past its retention by these, without scanning whole tables. */
export class Retention1796352000000 implements MigrationInterface {
  name = 'Retention1796352000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "sessions_expires_idx" ON "sessions" ("expires_at")`);
    await queryRunner.query(`CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" ("created_at")`);
    await queryRunner.query(
      `CREATE INDEX "outbox_relayed_idx" ON "outbox" ("created_at") WHERE relayed_at IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."outbox_relayed_idx"`);
    await queryRunner.query(`DROP INDEX "public"."idempotency_keys_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."sessions_expires_idx"`);
  }
}
