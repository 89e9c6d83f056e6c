import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795460621733 implements MigrationInterface {
  name = 'Init1795460621733';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_user_id" uuid, "actor_role" text NOT NULL, "actor_agency" text, "action" text NOT NULL, "object_type" text NOT NULL, "object_id" text, "request_id" uuid, "from_status" text, "to_status" text, "changed_fields" jsonb NOT NULL DEFAULT \'[]\', "outcome" text NOT NULL, "reason" text, "ip" text, "user_agent" text, "correlation_id" text, "details" jsonb NOT NULL DEFAULT \'{}\', CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "audit_events_request_idx" ON "audit_events"  ("request_id", "occurred_at") ',
    );
    await queryRunner.query('CREATE INDEX "audit_events_time_idx" ON "audit_events"  ("occurred_at", "id") ');
    await queryRunner.query(
      'CREATE TABLE "outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "queue" text NOT NULL, "job_name" text NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "run_at" TIMESTAMP WITH TIME ZONE, "relayed_at" TIMESTAMP WITH TIME ZONE, "relay_attempts" integer NOT NULL DEFAULT \'0\', "last_error" text, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "outbox_pending_idx" ON "outbox"  ("created_at") WHERE relayed_at IS NULL');
    await queryRunner.query(
      'CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source_event_id" uuid NOT NULL, "request_id" uuid, "recipient_agency" text NOT NULL, "event" text NOT NULL, "params" jsonb NOT NULL, "ack_required" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" uuid, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "notifications_dedup_idx" ON "notifications"  ("source_event_id", "recipient_agency") ',
    );
    await queryRunner.query(
      'CREATE INDEX "notifications_recipient_idx" ON "notifications"  ("recipient_agency", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "agencies" ("code" text NOT NULL, "country" text NOT NULL, "name_en" text NOT NULL, "name_es" text NOT NULL, "parent" text, "role" text NOT NULL, "topics" text array NOT NULL DEFAULT \'{}\', "aliases" text array NOT NULL DEFAULT \'{}\', "description" text, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_6acd8cc6374916c08b4d7f060c8" PRIMARY KEY ("code"))',
    );
    await queryRunner.query(
      'CREATE TABLE "topics" ("code" text NOT NULL, "name_en" text NOT NULL, "name_es" text NOT NULL, "specialised_request_types" text array NOT NULL DEFAULT \'{}\', "note" text, CONSTRAINT "PK_928bc2d3805e0e6a7519f57ba00" PRIMARY KEY ("code"))',
    );
    await queryRunner.query(
      'CREATE TABLE "request_types" ("code" text NOT NULL, "family" text NOT NULL, "name_en" text NOT NULL, "name_es" text NOT NULL, "definition" text, "legal_basis" text, "no_surprises" text NOT NULL, "also_report" boolean NOT NULL DEFAULT false, "default_priority" text NOT NULL, "channels" text array NOT NULL DEFAULT \'{}\', CONSTRAINT "PK_78a714dd9cf2a799a79a3f338ec" PRIMARY KEY ("code"))',
    );
    await queryRunner.query(
      'CREATE TABLE "sla_policies" ("priority" text NOT NULL, "name_en" text NOT NULL, "name_es" text NOT NULL, "calendar" text NOT NULL, "targets" jsonb NOT NULL, "escalation" jsonb NOT NULL, CONSTRAINT "PK_8287eac5c54cc675dc1ae300b9e" PRIMARY KEY ("priority"))',
    );
    await queryRunner.query(
      'CREATE TABLE "handling_codes" ("code" text NOT NULL, "meaning_en" text NOT NULL, CONSTRAINT "PK_1e2bce21f6560230bee64029157" PRIMARY KEY ("code"))',
    );
    await queryRunner.query(
      'CREATE TABLE "holidays" ("date" date NOT NULL, "name" text NOT NULL, CONSTRAINT "PK_40dfddee0c0d7125c767d8962b1" PRIMARY KEY ("date"))',
    );
    await queryRunner.query(
      'CREATE TABLE "routing_rule_sets" ("version" integer NOT NULL, "document" jsonb NOT NULL, "created_by" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a5360a68dc32b89760bfce470c2" PRIMARY KEY ("version"))',
    );
    await queryRunner.query(
      'CREATE TABLE "requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "folio" text, "status" text NOT NULL, "version" integer NOT NULL DEFAULT \'1\', "type" text NOT NULL, "topics" text array NOT NULL, "priority" text NOT NULL, "title" text NOT NULL, "summary" text NOT NULL, "language" text NOT NULL, "classification" text NOT NULL, "handling_code" text NOT NULL, "legal_basis" text, "subjects" jsonb NOT NULL DEFAULT \'[]\', "locations" text array NOT NULL DEFAULT \'{}\', "needed_by" TIMESTAMP WITH TIME ZONE, "proposed_action_at" TIMESTAMP WITH TIME ZONE, "us_personnel_on_mexican_soil" boolean NOT NULL DEFAULT false, "diplomatic_note_number" text, "requesting_agency" text NOT NULL, "created_by" uuid NOT NULL, "claimed_by" uuid, "escalation_level" text NOT NULL DEFAULT \'L0\', "needs_authorization" boolean NOT NULL DEFAULT false, "authorization_granted" boolean NOT NULL DEFAULT false, "closing_reason" text, "submitted_at" TIMESTAMP WITH TIME ZONE, "registered_at" TIMESTAMP WITH TIME ZONE, "acknowledge_due_at" TIMESTAMP WITH TIME ZONE, "route_due_at" TIMESTAMP WITH TIME ZONE, "first_response_due_at" TIMESTAMP WITH TIME ZONE, "close_due_at" TIMESTAMP WITH TIME ZONE, "clock_paused_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0428f484e96f9e6a55955f29b5f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_4425f953de0255bc7686a150e5" ON "requests"  ("folio") ');
    await queryRunner.query('CREATE INDEX "requests_status_idx" ON "requests"  ("status", "created_at") ');
    await queryRunner.query(
      'CREATE INDEX "requests_agency_list_idx" ON "requests"  ("requesting_agency", "created_at", "id") ',
    );
    await queryRunner.query('CREATE INDEX "requests_list_idx" ON "requests"  ("created_at", "id") ');
    await queryRunner.query(
      'CREATE TABLE "request_clarifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request_id" uuid NOT NULL, "question" text NOT NULL, "asked_by" uuid NOT NULL, "asked_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answer" text, "answered_by" uuid, "answered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a9448284de7ea28bf5cd23d6f7e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_5688738580046e8ae24f70fe34" ON "request_clarifications"  ("request_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "folio_counters" ("year" integer NOT NULL, "last_sequence" integer NOT NULL, CONSTRAINT "PK_f8fc3d702af186c2c52c5d6efb4" PRIMARY KEY ("year"))',
    );
    await queryRunner.query(
      'CREATE TABLE "idempotency_keys" ("user_id" uuid NOT NULL, "key" text NOT NULL, "body_hash" text NOT NULL, "state" text NOT NULL, "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_392b1af86f210d98d3f0c764728" PRIMARY KEY ("user_id", "key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "role" text NOT NULL, "agency" text, "language" text NOT NULL DEFAULT \'en\', "disabled_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_97672ac88f789774dd47f7c8be" ON "users"  ("email") ');
    await queryRunner.query(
      'CREATE TABLE "sessions" ("token_hash" text NOT NULL, "user_id" uuid NOT NULL, "csrf_token" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "ip" text, "user_agent" text, CONSTRAINT "PK_abaa9e068cdd390bc5210f79884" PRIMARY KEY ("token_hash"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_085d540d9f418cfbdc7bd55bb1" ON "sessions"  ("user_id") ');
    await queryRunner.query(
      'CREATE TABLE "login_throttle" ("key" text NOT NULL, "failures" integer NOT NULL DEFAULT \'0\', "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key"))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "login_throttle"');
    await queryRunner.query('DROP INDEX "public"."IDX_085d540d9f418cfbdc7bd55bb1"');
    await queryRunner.query('DROP TABLE "sessions"');
    await queryRunner.query('DROP INDEX "public"."IDX_97672ac88f789774dd47f7c8be"');
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('DROP TABLE "idempotency_keys"');
    await queryRunner.query('DROP TABLE "folio_counters"');
    await queryRunner.query('DROP INDEX "public"."IDX_5688738580046e8ae24f70fe34"');
    await queryRunner.query('DROP TABLE "request_clarifications"');
    await queryRunner.query('DROP INDEX "public"."requests_list_idx"');
    await queryRunner.query('DROP INDEX "public"."requests_agency_list_idx"');
    await queryRunner.query('DROP INDEX "public"."requests_status_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_4425f953de0255bc7686a150e5"');
    await queryRunner.query('DROP TABLE "requests"');
    await queryRunner.query('DROP TABLE "routing_rule_sets"');
    await queryRunner.query('DROP TABLE "holidays"');
    await queryRunner.query('DROP TABLE "handling_codes"');
    await queryRunner.query('DROP TABLE "sla_policies"');
    await queryRunner.query('DROP TABLE "request_types"');
    await queryRunner.query('DROP TABLE "topics"');
    await queryRunner.query('DROP TABLE "agencies"');
    await queryRunner.query('DROP INDEX "public"."notifications_recipient_idx"');
    await queryRunner.query('DROP INDEX "public"."notifications_dedup_idx"');
    await queryRunner.query('DROP TABLE "notifications"');
    await queryRunner.query('DROP INDEX "public"."outbox_pending_idx"');
    await queryRunner.query('DROP TABLE "outbox"');
    await queryRunner.query('DROP INDEX "public"."audit_events_time_idx"');
    await queryRunner.query('DROP INDEX "public"."audit_events_request_idx"');
    await queryRunner.query('DROP TABLE "audit_events"');
  }
}
