import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The counters of API-wide rate limiting when the store is PostgreSQL (no REDIS_URL), in the layout
 * rate-limiter-flexible's PostgreSQL store expects (`expire` in milliseconds since the epoch).
 */
export class RateLimits1796354000000 implements MigrationInterface {
  name = 'RateLimits1796354000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rate_limits" ("key" varchar(255) PRIMARY KEY, "points" integer NOT NULL DEFAULT 0, "expire" bigint)`,
    );
    await queryRunner.query(`CREATE INDEX "rate_limits_expire_idx" ON "rate_limits" ("expire")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limits"`);
  }
}
