import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An agency's HTTPS endpoint that receives its notices as signed JSON (managed by administrators). */
@Entity('webhook_endpoints')
@Index('webhook_endpoints_agency_idx', ['agency'])
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) agency: string;
  @Column({ type: 'text' }) url: string;
  /** HMAC-SHA256 key shared with the receiver; shown once, at creation or rotation. */
  @Column({ type: 'text' }) secret: string;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}

/** An address that receives an agency's notices by e-mail (a shared mailbox or a person). */
@Entity('agency_email_contacts')
@Index('agency_email_contacts_unique_idx', ['agency', 'email'], { unique: true })
export class AgencyEmailContactEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) agency: string;
  /** Stored lower-cased. */
  @Column({ type: 'text' }) email: string;
  /** Null: the language of the user with this address, else the agency's country (MX → es, otherwise en). */
  @Column({ type: 'text', nullable: true }) language: 'en' | 'es' | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ type: 'integer', default: 1 }) version: number;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}

/**
 * One notification over one channel to one target (an e-mail address or a webhook endpoint). The queued job
 * carries only this row's id; the row holds where the delivery stands.
 */
@Entity('notification_deliveries')
@Index('notification_deliveries_target_idx', ['notificationId', 'channel', 'target'], { unique: true })
@Index('notification_deliveries_endpoint_idx', ['endpointId', 'updatedAt'])
@Index('notification_deliveries_untried_idx', ['createdAt'], { where: "status = 'pending' AND attempts = 0" })
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) notificationId: string;
  /** 'email' or 'webhook' (in-app delivery is the notification row itself). */
  @Column({ type: 'text' }) channel: string;
  /** The e-mail address, or the webhook endpoint id. */
  @Column({ type: 'text' }) target: string;
  @Column({ type: 'uuid', nullable: true }) endpointId: string | null;
  @Column({ type: 'text' }) language: string;
  /** pending, sent (e-mail accepted by the server), delivered (webhook answered 2xx), failed, dead, cancelled. */
  @Column({ type: 'text', default: 'pending' }) status: string;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  /** While a worker makes the first attempt: others leave the delivery alone until then. */
  @Column({ type: 'timestamptz', nullable: true }) claimedUntil: Date | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}

/**
 * The evidence trail of a notification, append-only: created, queued, sent, delivered (per channel), failed
 * (per attempt), dead-lettered, replayed, read, acknowledged. Request and recipient are copied here so a
 * request's timeline reads one table.
 */
@Entity('notification_events')
@Index('notification_events_notification_idx', ['notificationId', 'at'])
@Index('notification_events_request_idx', ['requestId', 'at'])
export class NotificationEventEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) notificationId: string;
  @Column({ type: 'uuid', nullable: true }) requestId: string | null;
  @Column({ type: 'text' }) recipientAgency: string;
  @Column({ type: 'text' }) kind: string;
  /** in_app, email or webhook; null for steps of the notice itself (created). */
  @Column({ type: 'text', nullable: true }) channel: string | null;
  @Column({ type: 'uuid', nullable: true }) deliveryId: string | null;
  @Column({ type: 'integer', nullable: true }) attempt: number | null;
  @Column({ type: 'uuid', nullable: true }) actorUserId: string | null;
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' }) at: Date;
  @Column({ type: 'jsonb', default: () => "'{}'" }) detail: Record<string, unknown>;
}

/** A delivery that failed its last attempt, for administrators to inspect and replay. */
@Entity('dead_letters')
@Index('dead_letters_open_idx', ['createdAt', 'id'])
export class DeadLetterEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) deliveryId: string;
  @Column({ type: 'uuid' }) notificationId: string;
  @Column({ type: 'text' }) channel: string;
  @Column({ type: 'text' }) agency: string;
  @Column({ type: 'text' }) target: string;
  @Column({ type: 'integer' }) attempts: number;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) replayedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) replayedBy: string | null;
}
