import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hub's queues read open requests in deadline order. With a million finished requests in the table, a
 * partial index on the open ones (the same predicate as OPEN_SQL in request-queues.sql.ts) keeps every queue
 * page and the counts to the open set; two small partial indexes answer "which requests have an agency
 * question pending" and "which have a declined lead" without probing each request.
 */
export class QueueIndexes1795480000000 implements MigrationInterface {
  name = 'QueueIndexes1795480000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "requests_open_due_idx" ON "requests" ((COALESCE(next_due_at, '9999-12-31T00:00:00.000Z'::timestamptz)), id)
       WHERE status NOT IN ('draft', 'closed', 'rejected', 'withdrawn', 'authorization_denied')`,
    );
    await queryRunner.query(
      `CREATE INDEX "assignments_clarification_idx" ON "assignments" ("request_id") WHERE status = 'clarification_requested'`,
    );
    await queryRunner.query(
      `CREATE INDEX "assignments_declined_lead_idx" ON "assignments" ("request_id") WHERE role = 'lead' AND status = 'declined'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."assignments_declined_lead_idx"`);
    await queryRunner.query(`DROP INDEX "public"."assignments_clarification_idx"`);
    await queryRunner.query(`DROP INDEX "public"."requests_open_due_idx"`);
  }
}
