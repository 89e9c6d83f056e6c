import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * No surprises: the kind of action and the short-notice flag on requests, acknowledgement deadlines on
 * notifications and their clock steps, the hub's notices to US agencies, post-action reports, and the
 * reference table of minimum lead times.
 */
export class NoSurprises1795466545126 implements MigrationInterface {
  name = 'NoSurprises1795466545126';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "request_notices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request_id" uuid NOT NULL, "recipient_agency" text NOT NULL, "kind" text NOT NULL, "text" text NOT NULL, "ack_required" boolean NOT NULL, "issued_by" uuid NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7714b00fb5128ccdda6af261496" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "request_notices_request_idx" ON "request_notices"  ("request_id", "issued_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "post_action_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request_id" uuid NOT NULL, "text" text NOT NULL, "filed_by" uuid NOT NULL, "filed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "due_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_198b717f6db98abfed8493c1c2f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "post_action_reports_request_idx" ON "post_action_reports"  ("request_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "notice_lead_times" ("code" text NOT NULL, "name_en" text NOT NULL, "min_lead_time" jsonb, "post_action_report_within" jsonb, "rule" text, CONSTRAINT "PK_12dff563a26dd9b1f216319faa3" PRIMARY KEY ("code"))',
    );
    await queryRunner.query('ALTER TABLE "clock_deadlines" ADD "notification_id" uuid');
    await queryRunner.query('ALTER TABLE "notifications" ADD "ack_due_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "notifications" ADD "ack_purpose" text');
    await queryRunner.query('CREATE INDEX "notifications_request_idx" ON "notifications"  ("request_id") ');
    await queryRunner.query('ALTER TABLE "requests" ADD "action_kind" text');
    await queryRunner.query('ALTER TABLE "requests" ADD "surprise_risk" boolean NOT NULL DEFAULT false');
    await queryRunner.query('ALTER TABLE "requests" ADD "post_action_report_due_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "requests" ADD "post_action_reported_at" TIMESTAMP WITH TIME ZONE');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "requests" DROP COLUMN "post_action_reported_at"');
    await queryRunner.query('ALTER TABLE "requests" DROP COLUMN "post_action_report_due_at"');
    await queryRunner.query('ALTER TABLE "requests" DROP COLUMN "surprise_risk"');
    await queryRunner.query('ALTER TABLE "requests" DROP COLUMN "action_kind"');
    await queryRunner.query('DROP INDEX "public"."notifications_request_idx"');
    await queryRunner.query('ALTER TABLE "notifications" DROP COLUMN "ack_purpose"');
    await queryRunner.query('ALTER TABLE "notifications" DROP COLUMN "ack_due_at"');
    await queryRunner.query('ALTER TABLE "clock_deadlines" DROP COLUMN "notification_id"');
    await queryRunner.query('DROP TABLE "notice_lead_times"');
    await queryRunner.query('DROP INDEX "public"."post_action_reports_request_idx"');
    await queryRunner.query('DROP TABLE "post_action_reports"');
    await queryRunner.query('DROP INDEX "public"."request_notices_request_idx"');
    await queryRunner.query('DROP TABLE "request_notices"');
  }
}
