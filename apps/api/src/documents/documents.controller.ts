import { pipeline } from 'node:stream/promises';
import { Controller, Get, Logger, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '@ventanilla/auth/auth.decorators.js';
import { callContextOf, type SessionUser } from '@ventanilla/http/request-context.js';
import { contentDisposition } from '../attachments/attachments.controller.js';
import { ApiProblems } from '../openapi/problem-responses.js';
import { DocumentsService } from './documents.service.js';

const PDF_RESPONSE = {
  description: 'A PDF with real (searchable) text.',
  schema: { type: 'string', format: 'binary' },
};

@ApiTags('documents')
@Controller('api/requests/:id')
@ApiProblems(401, 403, 503)
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get('record.pdf')
  @Roles('liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor')
  @ApiOperation({
    summary:
      "The request as the caller may see it, as PDF in the caller's language: parties, every field, clarifications, the reply, files with SHA-256, history; stamped with the time, the caller and the audit chain's head.",
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF_RESPONSE)
  @ApiProblems(404)
  async record(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { folio, pdf } = await this.documents.record(user, id, req.ctx.language, callContextOf(req));
    await send(res, pdf, `${folio ?? 'request'}-record.pdf`);
  }

  @Get('reply.pdf')
  @Roles('liaison', 'hub_coordinator', 'agency_coordinator', 'authorizer', 'auditor')
  @ApiOperation({
    summary:
      "Once released: SRE-SSAN's reply letter in the requester's language, with each agency's attributed answer (and its translation), the released files with SHA-256, the folio and the date. 404 for anyone who may not read the reply.",
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF_RESPONSE)
  @ApiProblems(404)
  async reply(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { folio, pdf } = await this.documents.reply(user, id, callContextOf(req));
    await send(res, pdf, `${folio ?? 'request'}-reply.pdf`);
  }
}

async function send(res: Response, pdf: NodeJS.ReadableStream, filename: string): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  try {
    await pipeline(pdf, res);
  } catch (err) {
    // The client went away, or the document could not be finished: the connection is cut, never half a PDF.
    new Logger('DocumentsController').warn(`PDF not sent: ${(err as Error).message}`);
    res.destroy();
  }
}
