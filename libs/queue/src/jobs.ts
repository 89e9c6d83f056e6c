/**
 * The catalogue of queues and jobs. These values are stored in the outbox and in BullMQ: never change one
 * once shipped; add new names instead.
 */
export enum QueueName {
  Registration = 'registration',
  Notifications = 'notifications',
  Routing = 'routing',
  Clocks = 'clocks',
  /** Outbound notices (e-mail, webhooks): slow, failure-prone IO, kept apart from in-app delivery. */
  Deliveries = 'deliveries',
  /** Work on the files of the record (text extraction for search): CPU-bound, kept apart from the rest. */
  Documents = 'documents',
}

export enum JobName {
  RegisterRequest = 'request.register',
  DeliverNotification = 'notification.deliver',
  DeliverAssignment = 'assignment.deliver',
  DeliverRound = 'assignment.deliver_round',
  ConsolidateRequest = 'request.consolidate',
  FireDeadline = 'clock.fire',
  SendEmail = 'notification.email',
  CallWebhook = 'notification.webhook',
  ExtractAttachmentText = 'attachment.extract_text',
}

export interface JobPayloads extends RoutingJobPayloads, DeliveryJobPayloads {
  /** Reads the text of a PDF or plain-text attachment once, so that search finds what it says. */
  [JobName.ExtractAttachmentText]: { attachmentId: string };
  [JobName.RegisterRequest]: { requestId: string };
  [JobName.DeliverNotification]: {
    sourceEventId: string;
    requestId: string | null;
    recipientAgency: string;
    event: string;
    ackRequired: boolean;
    params: Record<string, string | number | boolean | null>;
    /**
     * NS-4, when an acknowledgement is required: what it stands for (notification-policy.ts ACK_PURPOSES), when
     * it is due and the escalation steps if it does not come. Absent on rows written before it existed.
     */
    ack?: NoticeAckPayload | null;
  };
}

export interface NoticeAckPayload {
  purpose: string;
  dueAt: string;
  steps: Array<{ level: string; at: string; trigger: string }>;
}

export interface RoutingJobPayloads {
  /** Creates (once) and delivers one agency's assignment of a routing round (rows written before rounds were). */
  [JobName.DeliverAssignment]: { requestId: string; round: number; agency: string; role: 'lead' | 'support' };
  /** Creates (once) and delivers the assignments of a routing round, every agency in one transaction. */
  [JobName.DeliverRound]: {
    requestId: string;
    round: number;
    agencies: Array<{ agency: string; role: 'lead' | 'support' }>;
  };
  /** Moves a request to `responses_received` once every assignment is terminal; a no-op otherwise. */
  [JobName.ConsolidateRequest]: { requestId: string };
  [JobName.FireDeadline]: { deadlineId: string };
}

/**
 * One delivery of a notice over one channel (a row of notification_deliveries), retried alone. First attempts
 * are made in batches by the worker's delivery dispatcher; `after` says how many attempts came before this job.
 */
export interface DeliveryJobPayloads {
  [JobName.SendEmail]: { deliveryId: string; after?: number };
  [JobName.CallWebhook]: { deliveryId: string; after?: number };
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.RegisterRequest]: QueueName.Registration,
  [JobName.DeliverNotification]: QueueName.Notifications,
  [JobName.DeliverAssignment]: QueueName.Routing,
  [JobName.DeliverRound]: QueueName.Routing,
  [JobName.ConsolidateRequest]: QueueName.Routing,
  [JobName.FireDeadline]: QueueName.Clocks,
  [JobName.SendEmail]: QueueName.Deliveries,
  [JobName.CallWebhook]: QueueName.Deliveries,
  [JobName.ExtractAttachmentText]: QueueName.Documents,
};

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);
export const ALL_JOBS: JobName[] = Object.values(JobName);
