import { pipeline } from 'node:stream/promises';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { WithdrawAttachmentDto } from './attachments.dto.js';
import { AttachmentListSchema, AttachmentUploadSchema, AttachmentViewSchema } from './attachments.schemas.js';
import { AttachmentsService, type AttachmentView } from './attachments.service.js';

const READERS = ['liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor'] as const;
const UPLOADERS = ['liaison', 'hub_coordinator', 'agency_coordinator'] as const;

/**
 * `Content-Disposition: attachment` with the name as it was given (RFC 6266): an ASCII fallback for old
 * clients, and the exact name, percent-encoded UTF-8, in `filename*` (RFC 8187).
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

@ApiTags('attachments')
@Controller('api')
@ApiProblems(401, 403, 503)
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post('requests/:id/attachments')
  @Roles(...UPLOADERS)
  @ApiOperation({
    summary:
      'Add a file (multipart/form-data: one part `file`, optional `context`, `assignmentId`, `handlingCode`, `description`). The type is judged from the bytes; the size is capped by ATTACHMENT_MAX_BYTES while it streams.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AttachmentUploadSchema })
  @ApiCreatedResponse({ type: AttachmentViewSchema })
  @ApiProblems(400, 404, 409, 413, 415)
  upload(@CurrentUser() user: SessionUser, @Param('id') id: string, @Req() req: Request): Promise<AttachmentView> {
    return this.attachments.upload(user, id, req, callContextOf(req));
  }

  @Get('requests/:id/attachments')
  @Roles(...READERS)
  @ApiOperation({ summary: "The request's files the caller may see, oldest first." })
  @ApiOkResponse({ type: AttachmentListSchema })
  @ApiProblems(404)
  list(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Req() req: Request,
  ): Promise<{ items: AttachmentView[] }> {
    return this.attachments.list(user, id, callContextOf(req));
  }

  @Get('attachments/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: "A file's metadata." })
  @ApiOkResponse({ type: AttachmentViewSchema })
  @ApiProblems(404)
  get(@CurrentUser() user: SessionUser, @Param('id') id: string, @Req() req: Request): Promise<AttachmentView> {
    return this.attachments.get(user, id, callContextOf(req));
  }

  @Get('attachments/:id/content')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      "A file's bytes, streamed, as an attachment (never shown inline), with Content-Length, Repr-Digest (SHA-256, RFC 9530) and no caching; counted and audited.",
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'The bytes, with the sniffed Content-Type.',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiProblems(404)
  async content(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { view, stream } = await this.attachments.download(user, id, callContextOf(req));
    res.status(200);
    res.setHeader('Content-Type', view.contentType);
    res.setHeader('Content-Length', String(view.size));
    res.setHeader('Content-Disposition', contentDisposition(view.filename));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(view.sha256, 'hex').toString('base64')}:`);
    // Nothing the file holds may run here, even if a browser were to render it.
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    try {
      await pipeline(stream, res);
    } catch {
      // The client went away, or the store failed mid-way: the connection is cut, so no wrong length is kept.
      res.destroy();
    }
  }

  @Delete('attachments/:id')
  @Roles('liaison')
  @HttpCode(204)
  @ApiOperation({ summary: "Delete a file of a draft (its author only); a submitted request's files are withdrawn." })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404, 409, 413)
  remove(@CurrentUser() user: SessionUser, @Param('id') id: string, @Req() req: Request): Promise<void> {
    return this.attachments.remove(user, id, callContextOf(req));
  }

  @Post('attachments/:id/withdraw')
  @Roles(...UPLOADERS)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Withdraw a file (by the side that added it): hidden from all but auditors, never destroyed.',
  })
  @ApiOkResponse({ type: AttachmentViewSchema })
  @ApiProblems(400, 404, 413)
  withdraw(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() dto: WithdrawAttachmentDto,
    @Req() req: Request,
  ): Promise<AttachmentView> {
    return this.attachments.withdraw(user, id, dto.reason.trim(), callContextOf(req));
  }
}
