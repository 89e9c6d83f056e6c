import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Checkpoint } from '@ventanilla/audit/audit-signing.js';
import { CurrentUser, Public, Roles } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { AuditEventsQuery, AuditExportQuery, CheckpointsQuery } from './audit.dto.js';
import { AuditEventPageSchema, CheckpointPageSchema, PublicKeySchema, VerifySchema } from './audit.schemas.js';
import { AuditService, type AuditEventView, type Page, type VerifyView } from './audit.service.js';

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
      'JSON Lines: a header, the checkpoints, then the sealed events with their chain fields, for `npm run audit:verify`.',
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    description: 'One JSON document per line.',
    content: { 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 503)
  async export(
    @CurrentUser() user: SessionUser,
    @Query() query: AuditExportQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    let gone = false;
    res.on('close', () => {
      gone = true;
    });
    let started = false;
    try {
      await this.audit.export(user, query, callContextOf(req), async (line) => {
        if (gone) return false;
        if (!started) {
          started = true;
          const stamp = new Date().toISOString().replace(/[:.]/g, '-');
          res.status(200);
          res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
          res.setHeader('Content-Disposition', `attachment; filename="ventanilla-audit-${stamp}.jsonl"`);
          res.setHeader('Cache-Control', 'no-store');
        }
        if (!res.write(`${JSON.stringify(line)}\n`)) await drainedOrClosed(res);
        return !gone;
      });
    } catch (err) {
      // Before the first line the problem filter answers; after it, the only honest signal is a cut stream.
      if (!started) throw err;
      res.destroy(err as Error);
      return;
    }
    res.end();
  }
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
