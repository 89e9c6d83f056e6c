import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = [
  'agencies',
  'topics',
  'request_types',
  'sla_policies',
  'handling_codes',
  'holidays',
  'notice_lead_times',
  'routing_rule_sets',
];

/**
 * Hand-written: every process caches reference data and the routing rule set (ReferenceRepository); a change
 * to any of their tables notifies `ventanilla_reference`, and each process drops its copy at once.
 */
export class ReferenceNotify1796370000001 implements MigrationInterface {
  name = 'ReferenceNotify1796370000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION reference_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('ventanilla_reference', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    for (const table of TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER reference_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
           FOR EACH STATEMENT EXECUTE FUNCTION reference_notify()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`DROP TRIGGER reference_notify ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION reference_notify()`);
  }
}
