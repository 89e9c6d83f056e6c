import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Checkpoint } from '@ventanilla/audit/audit-signing.js';
import { CurrentUser, Public, Roles } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { AuditEventsQuery, AuditExportQuery, CheckpointsQuery } from './audit.dto.js';
import { AuditEventPageSchema, CheckpointPageSchema, PublicKeySchema, VerifySchema } from './audit.schemas.js';
import type { Page } from '@ventanilla/http/page-query.js';
import { AuditService, type AuditEventView, type VerifyView } from './audit.service.js';

@ApiTags('audit')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('public-key')
  @Public()
  @ApiOperation({ summary: 'The Ed25519 public key that verifies the signed checkpoints.' })
  @ApiOkResponse({ type: PublicKeySchema })
  @ApiProblems(404)
  publicKey(): PublicKeySchema {
    return this.audit.publicKeyView();
  }

  @Get('events')
  @Roles('auditor')
  @ApiOperation({ summary: 'Search the audit trail, newest first (denied attempts included).' })
  @ApiOkResponse({ type: AuditEventPageSchema })
  @ApiProblems(400, 401, 403, 503)
  events(@Query() query: AuditEventsQuery): Promise<Page<AuditEventView>> {
    return this.audit.search(query);
  }

  @Get('verify')
  @Roles('auditor')
  @ApiOperation({
    summary: 'Recompute the hash chain and check every signed checkpoint: ok, or the first broken sequence and why.',
  })
  @ApiOkResponse({ type: VerifySchema })
  @ApiProblems(401, 403, 503)
  verify(@CurrentUser() user: SessionUser, @Req() req: Request): Promise<VerifyView> {
    return this.audit.verify(user, req.ctx.language, callContextOf(req));
  }

  @Get('checkpoints')
  @Roles('auditor')
  @ApiOperation({ summary: 'Signed checkpoints, oldest first; keep them outside the system.' })
  @ApiOkResponse({ type: CheckpointPageSchema })
  @ApiProblems(400, 401, 403, 503)
  checkpoints(@Query() query: CheckpointsQuery): Promise<Page<Checkpoint>> {
    return this.audit.checkpoints(query);
  }

  @Get('export')
  @Roles('auditor')
  @ApiOperation({
    summary:
      'The trail for keeping outside the system, by request id or folio and time range: JSON Lines (a header, the checkpoints, then the sealed events with their chain fields, for `npm run audit:verify`) or CSV (one row per sealed event, for a spreadsheet).',
  })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({
    description: 'JSON Lines: one JSON document per line. CSV: UTF-8 with a byte-order mark, a header row, RFC 4180.',
    content: {
      'application/x-ndjson': { schema: { type: 'string' } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiProblems(400, 401, 403, 404, 503)
  async export(
    @CurrentUser() user: SessionUser,
    @Query() query: AuditExportQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    if (query.format === 'csv') {
      await streamDownload(
        res,
        { type: 'text/csv; charset=utf-8', filename: `ventanilla-audit-${stamp}.csv` },
        (write) => this.audit.exportCsv(user, query, callContextOf(req), write),
      );
    } else {
      await streamDownload(
        res,
        { type: 'application/x-ndjson; charset=utf-8', filename: `ventanilla-audit-${stamp}.jsonl` },
        (write) => this.audit.export(user, query, callContextOf(req), (line) => write(`${JSON.stringify(line)}\n`)),
      );
    }
  }
}

/**
 * Streams a download with back-pressure. The headers go with the first chunk, so an error before it is
 * answered by the problem filter; after it, the only honest signal is a cut stream.
 */
async function streamDownload(
  res: Response,
  file: { type: string; filename: string },
  produce: (write: (chunk: string) => Promise<boolean>) => Promise<void>,
): Promise<void> {
  let gone = false;
  res.on('close', () => {
    gone = true;
  });
  let started = false;
  try {
    await produce(async (chunk) => {
      if (gone) return false;
      if (!started) {
        started = true;
        res.status(200);
        res.setHeader('Content-Type', file.type);
        res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
        res.setHeader('Cache-Control', 'no-store');
      }
      if (!res.write(chunk)) await drainedOrClosed(res);
      return !gone;
    });
  } catch (err) {
    if (!started) throw err;
    res.destroy(err as Error);
    return;
  }
  res.end();
}

/** Resolves when the client has taken what was written, or went away; leaves no listener behind. */
function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
