import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Request types carry their definition in Spanish too, for the Spanish interface (the seed fills it). */
export class RequestTypeDefinitionEs1796380000000 implements MigrationInterface {
  name = 'RequestTypeDefinitionEs1796380000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "request_types" ADD "definition_es" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "request_types" DROP COLUMN "definition_es"`);
  }
}
