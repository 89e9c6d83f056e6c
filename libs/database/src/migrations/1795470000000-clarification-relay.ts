import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A request clarification may be an agency's question relayed by the hub to the requester. */
export class ClarificationRelay1795470000000 implements MigrationInterface {
  name = 'ClarificationRelay1795470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "request_clarifications" ADD "relayed_from" uuid`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "request_clarifications_relay_idx" ON "request_clarifications" ("relayed_from") WHERE relayed_from IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."request_clarifications_relay_idx"`);
    await queryRunner.query(`ALTER TABLE "request_clarifications" DROP COLUMN "relayed_from"`);
  }
}
