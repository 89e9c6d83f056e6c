import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: every API process caches the sessions it resolves for a few seconds (SessionService); a change
 * to a session (revoked, deleted) or to its user (disabled, role, agency, password, language…) notifies
 * `ventanilla_sessions` with the user's id, and each process drops that user's sessions from its copy at once.
 * A TRUNCATE notifies `*`: drop everything.
 */
export class SessionNotify1796390000000 implements MigrationInterface {
  name = 'SessionNotify1796390000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION session_user_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_LEVEL = 'STATEMENT' THEN
          PERFORM pg_notify('ventanilla_sessions', '*');
        ELSIF TG_TABLE_NAME = 'users' THEN
          PERFORM pg_notify('ventanilla_sessions', OLD.id::text);
        ELSE
          PERFORM pg_notify('ventanilla_sessions', OLD.user_id::text);
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['users', 'sessions']) {
      await queryRunner.query(
        `CREATE TRIGGER session_user_notify AFTER UPDATE OR DELETE ON "${table}"
           FOR EACH ROW EXECUTE FUNCTION session_user_notify()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER session_user_notify_truncate AFTER TRUNCATE ON "${table}"
           FOR EACH STATEMENT EXECUTE FUNCTION session_user_notify()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['users', 'sessions']) {
      await queryRunner.query(`DROP TRIGGER session_user_notify_truncate ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER session_user_notify ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION session_user_notify()`);
  }
}
