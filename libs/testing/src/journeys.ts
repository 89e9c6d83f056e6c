import { newRequestBody } from './factories.js';
import { ApiClient, eventually, type ApiResponse } from './http-client.js';

/** Where a request can be brought through the API, as its users would. */
export type RequestStage =
  | 'draft'
  | 'registered'
  | 'in_analysis'
  | 'clarification_requested'
  | 'awaiting_authorization'
  | 'routed'
  | 'responses_received'
  | 'response_sent';

export interface JourneyClients {
  /** Liaisons by agency code (DEA, ATF…). */
  liaisons: Record<string, ApiClient>;
  hub: ApiClient;
  /** Agency coordinators by agency code (FGR-INT, SSPC-SIIP…). */
  agencies: Record<string, ApiClient>;
}

export interface Routed {
  id: string;
  /** Assignment ids by agency. */
  assignments: Record<string, string>;
}

/** The worker registers and delivers in its own time; on a loaded machine, a while. */
const DEADLINE_MS = 90_000;

/** Runs the tasks `limit` at a time, in order; resolves when all are done (rejects on the first failure). */
export async function inBatches<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
}

function ok(res: ApiResponse, what: string): { id: string; version: number } {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number };
}

/**
 * Brings requests to a stage through the public API: created by a liaison, registered by the worker, claimed,
 * asked, routed to agencies that accept and answer, released. For tests that need objects in a given state.
 */
export class Journeys {
  constructor(private readonly c: JourneyClients) {}

  async inStatus(id: string, status: string): Promise<{ version: number }> {
    return eventually(
      async () => {
        const r = await this.c.hub.get(`/api/requests/${id}`);
        return r.body.status === status ? (r.body as { version: number }) : null;
      },
      DEADLINE_MS,
      100,
    );
  }

  async assignmentsOf(
    id: string,
    n: number,
  ): Promise<Array<{ id: string; agency: string; version: number; status: string }>> {
    return eventually(async () => {
      const res = await this.c.hub.get(`/api/requests/${id}/assignments`);
      const live = (
        (res.body.items ?? []) as Array<{ id: string; agency: string; version: number; status: string }>
      ).filter((a) => !['cancelled', 'declined'].includes(a.status));
      return live.length >= n ? live : null;
    });
  }

  /**
   * A request of `agency` at `stage`. Routed stages go to `lead` (and `support`); `responses_received` and later
   * have every agency's final answer.
   */
  async requestIn(
    agency: string,
    stage: RequestStage,
    opts: { needsAuthorization?: boolean; lead?: string; support?: string[]; fields?: Record<string, unknown> } = {},
  ): Promise<Routed> {
    const { hub } = this.c;
    const lead = opts.lead ?? 'FGR-INT';
    const support = opts.support ?? [];
    const extra = opts.needsAuthorization
      ? {
          type: 'coordinated_operation',
          proposedActionAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
          actionKind: 'operation',
          usPersonnelOnMexicanSoil: true,
        }
      : {};
    const made = ok(
      await this.c.liaisons[agency].post(
        '/api/requests',
        newRequestBody({ ...extra, title: `Journey to ${stage}`, ...opts.fields, draft: stage === 'draft' }),
      ),
      'create',
    );
    const id = made.id;
    if (stage === 'draft') return { id, assignments: {} };
    let r = await this.inStatus(id, 'registered');
    if (stage === 'registered') return { id, assignments: {} };
    r = ok(await hub.post(`/api/requests/${id}/actions/claim`, { version: r.version }), 'claim');
    if (stage === 'in_analysis') return { id, assignments: {} };
    if (stage === 'clarification_requested') {
      ok(
        await hub.post(`/api/requests/${id}/actions/request_clarification`, {
          version: r.version,
          reason: 'Which port?',
        }),
        'ask',
      );
      return { id, assignments: {} };
    }
    if (stage === 'awaiting_authorization') {
      ok(await hub.post(`/api/requests/${id}/actions/request_authorization`, { version: r.version }), 'ask GANS');
      return { id, assignments: {} };
    }
    ok(
      await hub.post(`/api/requests/${id}/actions/route`, {
        reason: 'Plan agreed with the agencies.',
        version: r.version,
        lead,
        support,
      }),
      'route',
    );
    const all = await this.assignmentsOf(id, 1 + support.length);
    const assignments = Object.fromEntries(all.map((a) => [a.agency, a.id]));
    if (stage === 'routed') return { id, assignments };
    for (const a of [...all].sort((x, y) => Number(y.agency === lead) - Number(x.agency === lead))) {
      const by = this.c.agencies[a.agency];
      const accepted = ok(await by.post(`/api/assignments/${a.id}/actions/accept`, { version: a.version }), 'accept');
      ok(
        await by.post(`/api/assignments/${a.id}/actions/respond`, {
          version: accepted.version,
          reason: `${a.agency} answers in full.`,
        }),
        'respond',
      );
    }
    r = await this.inStatus(id, 'responses_received');
    if (stage === 'responses_received') return { id, assignments };
    ok(
      await hub.post(`/api/requests/${id}/actions/release_response`, { version: r.version, response: 'The reply.' }),
      'release',
    );
    await this.inStatus(id, 'response_sent');
    return { id, assignments };
  }
}
