import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables that only ever grow: the events, their hash chain and the signed checkpoints. */
const APPEND_ONLY = ['audit_events', 'audit_chain', 'audit_checkpoints'];

/**
 * Hand-written: the audit trail is append-only whoever connects (the application's role should not even hold
 * UPDATE, DELETE or TRUNCATE; see README), and every inserted event is queued for the sealer in the same
 * statement, so writers do one INSERT and never wait for the chain.
 */
export class AuditAppendOnly1795463905194 implements MigrationInterface {
  name = 'AuditAppendOnly1795463905194';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege',
                HINT = 'Audit events, their chain and checkpoints can only be inserted; record a correction as a new event.';
      END $$`);
    for (const table of APPEND_ONLY) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`,
      );
    }
    await queryRunner.query(`
      CREATE FUNCTION audit_queue_for_sealing() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO audit_unsealed (event_id) SELECT id FROM inserted;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_events_queue_for_sealing AFTER INSERT ON audit_events
         REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION audit_queue_for_sealing()`,
    );
    // Events written before this migration are queued too, so the chain covers the whole trail.
    await queryRunner.query(
      `INSERT INTO audit_unsealed (event_id) SELECT id FROM audit_events ORDER BY occurred_at, id`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_events_queue_for_sealing ON audit_events`);
    await queryRunner.query(`DROP FUNCTION audit_queue_for_sealing()`);
    for (const table of APPEND_ONLY) await queryRunner.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
    await queryRunner.query(`DROP FUNCTION audit_refuse_change()`);
  }
}
