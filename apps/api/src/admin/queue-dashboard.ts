import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { HttpStatus } from '@nestjs/common';
import type { Queue } from 'bullmq';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditWriter } from '@ventanilla/audit/audit.writer.js';
import { SESSION_COOKIE, type SessionService } from '@ventanilla/auth/session.service.js';
import { AppError } from '@ventanilla/http/app-error.js';
import type { ProblemFilter } from '@ventanilla/http/problem.filter.js';
import { callContextOf } from '@ventanilla/http/request-context.js';
import { redactJobData } from './job-view.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** The only methods that reach bull-board: its pages, assets and read calls. */
const READ_METHODS = new Set(['GET', 'HEAD']);

export interface QueueDashboardDeps {
  queues: Queue[];
  sessions: SessionService;
  audit: AuditWriter;
  db: DataSource;
  problems: ProblemFilter;
}

/**
 * bull-board at QUEUE_DASHBOARD_PATH, for administrators only, and read-only by construction: only GET and
 * HEAD reach it, whatever the path and however it is spelled, and every queue is in bull-board's read-only
 * mode so its screens offer no buttons. Retrying or promoting a job goes through /api/admin/jobs, audited.
 * It is plain Express, outside Nest's guard, so this gate resolves the session itself. Anyone else —
 * anonymous or signed in with another role — is passed on as if the path did not exist (the API's usual
 * 404), so the dashboard's existence is not revealed.
 */
export function queueDashboard(deps: QueueDashboardDeps): express.Express {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: deps.queues.map((queue) => {
      const adapter = new BullMQAdapter(queue, { readOnlyMode: true, allowRetries: false });
      adapter.setFormatter('data', redactJobData);
      return adapter;
    }),
    // @bull-board/express 9.10.1 types against its own nested copy of @bull-board/api (we run 9.10.2); at run
    // time it never loads that copy, so only the declarations differ.
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: { uiConfig: { boardTitle: 'Ventanilla queues' } },
  });
  const board = serverAdapter.getRouter() as express.Express;
  board.disable('x-powered-by');

  const dashboard = express();
  dashboard.disable('x-powered-by');
  dashboard.use((req: Request, res: Response, next: NextFunction) => {
    adminGate(deps, req, res).then(
      (pass) => next(pass ? undefined : 'router'),
      (err: unknown) => deps.problems.respond(req, res, err),
    );
  });
  dashboard.use(board);
  return dashboard;
}

/** True to let the call through; false to act as if nothing were here; or it answers the call itself. */
async function adminGate(deps: QueueDashboardDeps, req: Request, res: Response): Promise<boolean> {
  const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  const session = token ? await deps.sessions.resolve(token) : null;
  if (!session) return false;
  const { user } = session;
  req.ctx.user = user;
  req.ctx.sessionTokenHash = session.tokenHash;
  if (!req.header('accept-language')) req.ctx.language = user.language;
  const actor = { userId: user.id, role: user.role, agency: user.agency };
  const path = req.path.slice(0, 300);

  if (user.role !== 'admin') {
    await deps.audit.append(
      deps.db.manager,
      {
        actor,
        action: 'access.denied',
        objectType: 'queue',
        objectId: 'dashboard',
        outcome: 'denied',
        details: { method: req.method, path },
      },
      callContextOf(req),
    );
    return false;
  }

  if (user.mustChangePassword) throw new AppError('AUTH.PASSWORD_CHANGE_REQUIRED', HttpStatus.FORBIDDEN);
  if (READ_METHODS.has(req.method)) return true;
  await deps.audit.append(
    deps.db.manager,
    {
      actor,
      action: 'queue.dashboard_action',
      objectType: 'queue',
      objectId: 'dashboard',
      outcome: 'denied',
      reason: 'read_only',
      details: { method: req.method, path },
    },
    callContextOf(req),
  );
  res.setHeader('Allow', 'GET, HEAD');
  throw new AppError('QUEUE.DASHBOARD_READ_ONLY', HttpStatus.METHOD_NOT_ALLOWED);
}
