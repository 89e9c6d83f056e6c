import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * First attempts of e-mail and webhook deliveries are made in batches by the worker's delivery dispatcher:
 * `claimed_until` is the lease of the worker that took a delivery, a partial index finds the untried ones, and
 * a trigger wakes the outbox relay, which claims them, as soon as deliveries commit. It signals the outbox's
 * channel with the outbox's (empty) payload: PostgreSQL folds identical notifications of one transaction into
 * one, so a change that writes both wakes the relay once.
 */
export class DeliveryDispatch1796370000000 implements MigrationInterface {
  name = 'DeliveryDispatch1796370000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification_deliveries" ADD "claimed_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "notification_deliveries_untried_idx" ON "notification_deliveries" ("created_at") WHERE status = 'pending' AND attempts = 0`,
    );
    await queryRunner.query(`
      CREATE FUNCTION deliveries_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('ventanilla_outbox', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER deliveries_notify AFTER INSERT ON notification_deliveries FOR EACH STATEMENT EXECUTE FUNCTION deliveries_notify()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER deliveries_notify ON notification_deliveries`);
    await queryRunner.query(`DROP FUNCTION deliveries_notify()`);
    await queryRunner.query(`DROP INDEX "public"."notification_deliveries_untried_idx"`);
    await queryRunner.query(`ALTER TABLE "notification_deliveries" DROP COLUMN "claimed_until"`);
  }
}
