import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Delivery channels (e-mail, webhooks), the per-notification evidence trail and dead letters. */
export class NotificationChannels1795463753353 implements MigrationInterface {
  name = 'NotificationChannels1795463753353';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "agency" text NOT NULL, "url" text NOT NULL, "secret" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "description" text, "version" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "webhook_endpoints_agency_idx" ON "webhook_endpoints"  ("agency") ');
    await queryRunner.query(
      'CREATE TABLE "agency_email_contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "agency" text NOT NULL, "email" text NOT NULL, "language" text, "active" boolean NOT NULL DEFAULT true, "version" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8bfea9e93e32f59a96871ff9a11" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "agency_email_contacts_unique_idx" ON "agency_email_contacts"  ("agency", "email") ',
    );
    await queryRunner.query(
      'CREATE TABLE "notification_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notification_id" uuid NOT NULL, "channel" text NOT NULL, "target" text NOT NULL, "endpoint_id" uuid, "language" text NOT NULL, "status" text NOT NULL DEFAULT \'pending\', "attempts" integer NOT NULL DEFAULT \'0\', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_81daeff81f237bd384f7cfc4a4c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "notification_deliveries_endpoint_idx" ON "notification_deliveries"  ("endpoint_id", "updated_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "notification_deliveries_target_idx" ON "notification_deliveries"  ("notification_id", "channel", "target") ',
    );
    await queryRunner.query(
      'CREATE TABLE "notification_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notification_id" uuid NOT NULL, "request_id" uuid, "recipient_agency" text NOT NULL, "kind" text NOT NULL, "channel" text, "delivery_id" uuid, "attempt" integer, "actor_user_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "detail" jsonb NOT NULL DEFAULT \'{}\', CONSTRAINT "PK_5b828caf9bd52c7e580f5768b14" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "notification_events_request_idx" ON "notification_events"  ("request_id", "at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "notification_events_notification_idx" ON "notification_events"  ("notification_id", "at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "dead_letters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "delivery_id" uuid NOT NULL, "notification_id" uuid NOT NULL, "channel" text NOT NULL, "agency" text NOT NULL, "target" text NOT NULL, "attempts" integer NOT NULL, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "replayed_at" TIMESTAMP WITH TIME ZONE, "replayed_by" uuid, CONSTRAINT "PK_084e63809483fb0a9c48aae607f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "dead_letters_open_idx" ON "dead_letters"  ("created_at", "id") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."dead_letters_open_idx"');
    await queryRunner.query('DROP TABLE "dead_letters"');
    await queryRunner.query('DROP INDEX "public"."notification_events_notification_idx"');
    await queryRunner.query('DROP INDEX "public"."notification_events_request_idx"');
    await queryRunner.query('DROP TABLE "notification_events"');
    await queryRunner.query('DROP INDEX "public"."notification_deliveries_target_idx"');
    await queryRunner.query('DROP INDEX "public"."notification_deliveries_endpoint_idx"');
    await queryRunner.query('DROP TABLE "notification_deliveries"');
    await queryRunner.query('DROP INDEX "public"."agency_email_contacts_unique_idx"');
    await queryRunner.query('DROP TABLE "agency_email_contacts"');
    await queryRunner.query('DROP INDEX "public"."webhook_endpoints_agency_idx"');
    await queryRunner.query('DROP TABLE "webhook_endpoints"');
  }
}
