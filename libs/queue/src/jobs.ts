/**
 * The catalogue of queues and jobs. These values are stored in the outbox and in BullMQ: never change one
 * once shipped; add new names instead.
 */
export enum QueueName {
  Registration = 'registration',
  Notifications = 'notifications',
}

export enum JobName {
  RegisterRequest = 'request.register',
  DeliverNotification = 'notification.deliver',
}

export interface JobPayloads {
  [JobName.RegisterRequest]: { requestId: string };
  [JobName.DeliverNotification]: {
    sourceEventId: string;
    requestId: string | null;
    recipientAgency: string;
    event: string;
    ackRequired: boolean;
    params: Record<string, string | number | boolean | null>;
  };
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.RegisterRequest]: QueueName.Registration,
  [JobName.DeliverNotification]: QueueName.Notifications,
};

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);
export const ALL_JOBS: JobName[] = Object.values(JobName);
