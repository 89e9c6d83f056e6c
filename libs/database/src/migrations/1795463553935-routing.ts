import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Routing1795463553935 implements MigrationInterface {
  name = 'Routing1795463553935';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "routing_proposals" ("request_id" uuid NOT NULL, "rule_set_version" integer NOT NULL, "lead" text NOT NULL, "supports" text array NOT NULL, "needs_authorization" boolean NOT NULL, "authorizer" text, "priority_floor" text, "rule_ids" text array NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2931ba785c6393ae6c2f950a9ea" PRIMARY KEY ("request_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "routing_decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request_id" uuid NOT NULL, "round" integer NOT NULL, "lead" text NOT NULL, "supports" text array NOT NULL, "follows_proposal" boolean NOT NULL, "decided_by" uuid NOT NULL, "reason" text, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aca19851cf1fb0d889c71355317" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "routing_decisions_request_idx" ON "routing_decisions"  ("request_id", "round") ',
    );
    await queryRunner.query(
      'CREATE TABLE "assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request_id" uuid NOT NULL, "agency" text NOT NULL, "role" text NOT NULL, "round" integer NOT NULL, "status" text NOT NULL, "version" integer NOT NULL DEFAULT \'1\', "response_due_at" TIMESTAMP WITH TIME ZONE, "clock_paused_at" TIMESTAMP WITH TIME ZONE, "escalation_level" text NOT NULL DEFAULT \'L0\', "accepted_by" uuid, "accepted_at" TIMESTAMP WITH TIME ZONE, "responded_at" TIMESTAMP WITH TIME ZONE, "closing_reason" text, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c54ca359535e0012b04dcbd80ee" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "assignments_request_idx" ON "assignments"  ("request_id") ');
    await queryRunner.query('CREATE INDEX "assignments_inbox_idx" ON "assignments"  ("agency", "created_at", "id") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "assignments_once_idx" ON "assignments"  ("request_id", "agency", "round") ',
    );
    await queryRunner.query(
      'CREATE TABLE "assignment_responses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid NOT NULL, "request_id" uuid NOT NULL, "agency" text NOT NULL, "text" text NOT NULL, "final" boolean NOT NULL, "responded_by" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9b1a70fc82b841028786a8f49f2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "assignment_responses_assignment_idx" ON "assignment_responses"  ("assignment_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "assignment_clarifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid NOT NULL, "question" text NOT NULL, "asked_by" uuid NOT NULL, "asked_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answer" text, "answered_by" uuid, "answered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7aa497dd6a4721e768b80a9b69d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "assignment_clarifications_assignment_idx" ON "assignment_clarifications"  ("assignment_id", "asked_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "clock_deadlines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request_id" uuid NOT NULL, "assignment_id" uuid, "clock" text NOT NULL, "trigger" text NOT NULL, "level" text, "fire_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "fired_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_06fed803ee4dbe6bfc6c68b56f8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "clock_deadlines_request_idx" ON "clock_deadlines"  ("request_id") ');
    await queryRunner.query(
      'CREATE INDEX "clock_deadlines_due_idx" ON "clock_deadlines"  ("fire_at") WHERE fired_at IS NULL AND cancelled_at IS NULL',
    );
    await queryRunner.query('ALTER TABLE "requests" ADD "routing_round" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "requests" ADD "routed_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "requests" ADD "response" jsonb');
    await queryRunner.query('ALTER TABLE "requests" ADD "response_released_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "requests" ADD "next_due_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "requests" ADD "next_risk_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('CREATE INDEX "requests_next_due_idx" ON "requests"  ("next_due_at") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."requests_next_due_idx"');
    await queryRunner.query('ALTER TABLE "requests" DROP COLUMN "next_risk_at"');
    await queryRunner.query('ALTER TABLE "requests" DROP COLUMN "next_due_at"');
    await queryRunner.query('ALTER TABLE "requests" DROP COLUMN "response_released_at"');
    await queryRunner.query('ALTER TABLE "requests" DROP COLUMN "response"');
    await queryRunner.query('ALTER TABLE "requests" DROP COLUMN "routed_at"');
    await queryRunner.query('ALTER TABLE "requests" DROP COLUMN "routing_round"');
    await queryRunner.query('DROP INDEX "public"."clock_deadlines_due_idx"');
    await queryRunner.query('DROP INDEX "public"."clock_deadlines_request_idx"');
    await queryRunner.query('DROP TABLE "clock_deadlines"');
    await queryRunner.query('DROP INDEX "public"."assignment_clarifications_assignment_idx"');
    await queryRunner.query('DROP TABLE "assignment_clarifications"');
    await queryRunner.query('DROP INDEX "public"."assignment_responses_assignment_idx"');
    await queryRunner.query('DROP TABLE "assignment_responses"');
    await queryRunner.query('DROP INDEX "public"."assignments_once_idx"');
    await queryRunner.query('DROP INDEX "public"."assignments_inbox_idx"');
    await queryRunner.query('DROP INDEX "public"."assignments_request_idx"');
    await queryRunner.query('DROP TABLE "assignments"');
    await queryRunner.query('DROP INDEX "public"."routing_decisions_request_idx"');
    await queryRunner.query('DROP TABLE "routing_decisions"');
    await queryRunner.query('DROP TABLE "routing_proposals"');
  }
}
