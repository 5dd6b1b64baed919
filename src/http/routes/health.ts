import { isoUtc } from '../../clock.js';
import type { ApiContext } from '../context.js';
import { sendJson, sendText } from '../respond.js';
import type { Route } from '../router.js';

const REDIS_TIMEOUT_MS = 1000;

/** Liveness, readiness, Prometheus metrics and the status the page header shows. */
export function healthRoutes(c: ApiContext): Route[] {
  const started = Date.now();
  return [
    {
      method: 'GET',
      pattern: '/healthz',
      handle: ({ res }) => sendJson(res, 200, { status: 'ok', uptimeSeconds: Math.round((Date.now() - started) / 1000) }),
    },
    {
      method: 'GET',
      pattern: '/readyz',
      async handle({ res }) {
        const problems: string[] = [];
        const redis = await pingWithin(c, REDIS_TIMEOUT_MS);
        if (redis !== 'ok') problems.push(`redis: ${redis}`);
        const workers = c.daemon.workerStates();
        if (workers.length === 0) problems.push('workers: none started in this process');
        for (const w of workers) if (!w.running) problems.push(`workers: ${w.role} is not running`);
        sendJson(res, problems.length === 0 ? 200 : 503, { status: problems.length === 0 ? 'ready' : 'not ready', redis, workers, problems });
      },
    },
    {
      method: 'GET',
      pattern: '/metrics',
      async handle({ res }) {
        if (!c.metrics) {
          sendText(res, 404, 'metrics are not enabled in this process\n', 'text/plain; charset=utf-8');
          return;
        }
        const { contentType, body } = await c.metrics.render();
        sendText(res, 200, body, contentType);
      },
    },
    {
      // Lets the page check a token before keeping it; answers 401/403 like every guarded route.
      method: 'POST',
      pattern: '/api/session',
      auth: true,
      handle: ({ res }) => sendJson(res, 200, { ok: true }),
    },
    {
      method: 'GET',
      pattern: '/api/status',
      async handle({ res }) {
        const config = c.daemon.currentConfig;
        const [sources, silences] = await Promise.all([c.daemon.sourceHealth(), c.daemon.silences.active(c.clock.now())]);
        sendJson(res, 200, {
          now: isoUtc(c.clock.now()),
          brands: config.brands.map((b) => ({ id: b.id, name: b.displayName ?? b.names[0] ?? b.id })),
          // The team's time zone and language: the page shows times and alert words as the alerts do.
          timezone: config.alerting.timezone,
          language: config.alerting.language,
          rules: config.rules.map((r) => ({ id: r.id, type: r.type, severity: r.extra.severity })),
          sources,
          silences,
          // The page offers actions only when they can succeed.
          actions: c.auth.configured ? 'token' : 'disabled',
        });
      },
    },
  ];
}

async function pingWithin(c: ApiContext, ms: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      c.daemon.pingRedis(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
    return answer === 'PONG' ? 'ok' : `unexpected answer ${String(answer)}`;
  } catch (err) {
    return (err as Error).message;
  } finally {
    clearTimeout(timer);
  }
}
