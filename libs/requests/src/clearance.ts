import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestEntity } from '@ventanilla/database/entities/request.entity.js';
import { pendingClearance, type PendingClearance } from '@ventanilla/domain/advance-notice.js';
import { HUB_AGENCY, type PolicyReference } from '@ventanilla/domain/notification-policy.js';
import { AppError } from '@ventanilla/http/app-error.js';

/**
 * NS-3 facts read from the database: the live lead, and which clearance acknowledgements are recorded (the
 * hub's of the registered notice, the lead's of its own assignment notice). Call inside the transaction that
 * would clear the request, so that the answer holds when it commits.
 */
export async function clearanceOf(
  m: EntityManager,
  r: RequestEntity,
  policy: PolicyReference,
): Promise<PendingClearance[]> {
  const [lead] = (await m.query(
    `SELECT id, agency FROM assignments WHERE request_id = $1 AND role = 'lead' AND status NOT IN ('cancelled', 'declined')
      ORDER BY round DESC LIMIT 1`,
    [r.id],
  )) as Array<{ id: string; agency: string }>;
  const acks = (await m.query(
    `SELECT ack_purpose, recipient_agency, params->>'assignmentId' AS assignment_id FROM notifications
      WHERE request_id = $1 AND ack_required AND acknowledged_at IS NOT NULL
        AND ack_purpose IN ('notice_receipt', 'assignment_notice')`,
    [r.id],
  )) as Array<{ ack_purpose: string; recipient_agency: string; assignment_id: string | null }>;
  return pendingClearance({
    noSurprises: policy.noSurprisesOf(r.type),
    needsAuthorization: r.needsAuthorization,
    authorizationGranted: r.authorizationGranted,
    hubAcknowledged: acks.some((a) => a.ack_purpose === 'notice_receipt' && a.recipient_agency === HUB_AGENCY),
    leadAgency: lead?.agency ?? null,
    leadAcknowledged:
      lead !== undefined && acks.some((a) => a.ack_purpose === 'assignment_notice' && a.assignment_id === lead.id),
  });
}

const NEEDS = {
  hub: { en: 'acknowledgement of the registered notice', es: 'acuse del aviso registrado' },
  lead_agency: { en: 'acknowledgement of its assignment', es: 'acuse de su turno' },
  authorizer: { en: 'authorization', es: 'autorización' },
} as const;

/** 409 NOTICE.ACKNOWLEDGEMENTS_PENDING, naming who still owes what, in English and Spanish. */
export function clearancePendingError(pending: readonly PendingClearance[]): AppError {
  const list = (lang: 'en' | 'es') =>
    pending
      .map(
        (p) =>
          `${p.agency ?? (lang === 'en' ? 'the lead agency' : 'la dependencia responsable')} (${NEEDS[p.party][lang]})`,
      )
      .join(', ');
  return new AppError(
    'NOTICE.ACKNOWLEDGEMENTS_PENDING',
    HttpStatus.CONFLICT,
    { missing: list('en'), missingEs: list('es') },
    [],
    { missing: pending },
  );
}
