import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Passwords someone else set must be replaced by the user at first sign-in (issue 12). */
export class PasswordChange1796350000000 implements MigrationInterface {
  name = 'PasswordChange1796350000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "password_change_required" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "users" ADD "password_changed_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "password_changed_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "password_change_required"`);
  }
}
