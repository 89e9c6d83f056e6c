import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in throttling by (account, client), by client and by account from unknown clients, with growing delays
 * instead of a lock (issue 12): the old per-key lock columns are renamed, and the clients an account has
 * signed in from are remembered.
 */
export class SignInThrottle1796348358292 implements MigrationInterface {
  name = 'SignInThrottle1796348358292';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The old rows counted failures per e-mail and per address under other rules: start the new ones afresh.
    await queryRunner.query(`DELETE FROM "login_throttle"`);
    await queryRunner.query(`ALTER TABLE "login_throttle" RENAME COLUMN "window_started_at" TO "last_attempt_at"`);
    await queryRunner.query(`ALTER TABLE "login_throttle" RENAME COLUMN "locked_until" TO "blocked_until"`);
    await queryRunner.query(`CREATE INDEX "IDX_c29e176ddfb058bc926532f301" ON "login_throttle" ("last_attempt_at")`);
    await queryRunner.query(
      `CREATE TABLE "login_known_clients" ("email" text NOT NULL, "client" text NOT NULL, "last_success_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8a991c4000fa9bd3d430f673148" PRIMARY KEY ("email", "client"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_bcba7afe7df069aa82cac40ded" ON "login_known_clients" ("last_success_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "login_known_clients"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c29e176ddfb058bc926532f301"`);
    await queryRunner.query(`ALTER TABLE "login_throttle" RENAME COLUMN "blocked_until" TO "locked_until"`);
    await queryRunner.query(`ALTER TABLE "login_throttle" RENAME COLUMN "last_attempt_at" TO "window_started_at"`);
  }
}
