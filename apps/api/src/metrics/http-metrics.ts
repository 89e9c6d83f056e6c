import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from '@ventanilla/metrics/metrics.service.js';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Calls no API route matched (static files, unknown paths, the dashboard) share one label, so scanners
 * cannot multiply the series.
 */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Times every HTTP call by method, route template (`/api/requests/:id`, never the concrete path) and status
 * class. Install first, so the time includes every middleware.
 */
export function httpMetrics(metrics: MetricsService) {
  const duration = metrics.histogram({
    name: 'ventanilla_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status class.',
    labelNames: ['method', 'route', 'status_class'],
    buckets: BUCKETS,
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = duration.startTimer();
    res.once('finish', () => {
      const template = (req.route as { path?: unknown } | undefined)?.path;
      end({
        method: req.method,
        // Only the API's own routes are named: a mounted sub-app (the admin-only queue dashboard) must not
        // show up on an open /metrics.
        route: typeof template === 'string' && !req.baseUrl ? template : UNMATCHED_ROUTE,
        status_class: `${Math.floor(res.statusCode / 100)}xx`,
      });
    });
    next();
  };
}
