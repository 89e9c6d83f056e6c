import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '@ventanilla/http/app-error.js';

/**
 * With the reply, in its transaction: the hub's `reply` files, and the agencies' `answer` files it picked,
 * become visible to the requester. A picked id that is not a live answer file of the request is refused.
 */
export async function releaseAttachments(m: EntityManager, requestId: string, answerFileIds: string[]): Promise<void> {
  if (answerFileIds.length > 0) {
    const rows = await m.query<Array<{ id: string }>>(
      `SELECT id FROM attachments WHERE id = ANY($1) AND request_id = $2 AND context = 'answer' AND withdrawn_at IS NULL`,
      [answerFileIds, requestId],
    );
    const known = new Set(rows.map((r) => r.id));
    const errors = answerFileIds
      .map((id, i) => ({ id, i }))
      .filter(({ id }) => !known.has(id))
      .map(({ i }) => ({ field: `attachmentIds[${i}]`, code: 'invalid' }));
    if (errors.length > 0) throw new AppError('VALIDATION.FAILED', HttpStatus.BAD_REQUEST, {}, errors);
  }
  await m.query(
    `UPDATE attachments SET released_at = now()
      WHERE request_id = $1 AND released_at IS NULL AND withdrawn_at IS NULL
        AND (context = 'reply' OR (context = 'answer' AND id = ANY($2)))`,
    [requestId, answerFileIds],
  );
}
