import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: the notification evidence trail is append-only, like the audit trail it complements. */
export class NotificationEventsAppendOnly1795463753354 implements MigrationInterface {
  name = 'NotificationEventsAppendOnly1795463753354';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION notification_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'notification_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER notification_events_no_change BEFORE UPDATE OR DELETE ON notification_events
         FOR EACH ROW EXECUTE FUNCTION notification_events_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER notification_events_no_truncate BEFORE TRUNCATE ON notification_events
         FOR EACH STATEMENT EXECUTE FUNCTION notification_events_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER notification_events_no_truncate ON notification_events`);
    await queryRunner.query(`DROP TRIGGER notification_events_no_change ON notification_events`);
    await queryRunner.query(`DROP FUNCTION notification_events_append_only()`);
  }
}
