import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseDocument } from 'yaml';
import { interpolate } from '../config/env.js';
import { ApiClient, ApiRequestError } from '../http/client.js';
import type { IncidentSummary, IncidentView } from '../http/incident-view.js';
import { CliUsageError, DEFAULT_CONFIG, parseOptions, type Command } from './command.js';
import { detailText, listTable, styleFor, utc, type IncidentDetail } from './incidents-format.js';

const HELP = `usage: vigie incidents <list|show|ack|note|resolve|silence> [options]

  list                      incidents, newest first (default: open and acknowledged)
      --status S[,S]        open, acknowledged, resolved, or all
      --severity S[,S]      info, warning, critical
      --brand ID            one brand
      --since T             opened after T: an ISO date or a duration back (24h, 7d)
      --limit N             at most N rows (default 50)
  show ID                   figures, activity, evidence posts and timeline
  ack ID [-m TEXT]          acknowledge: escalation stops
  note ID TEXT...           add a note to the timeline
  resolve ID [-m TEXT]      resolve now
  silence ID --for 2h --reason TEXT [--scope incident|brand|rule]
                            mute notifications for the incident's brand and rule (or the whole
                            brand, or the rule for every brand)

common options:
  --json                    machine-readable output (the API's answer)
  --by NAME                 who acts, for the timeline (default $VIGIE_USER or your login)
  --url URL                 the daemon (default $VIGIE_URL, else http.host/http.port of the config)
  -c, --config FILE         config to read http.* from (default ${DEFAULT_CONFIG})

The CLI talks to the daemon's HTTP API, so actions go through the same checks, clock and
notifications as the triage page. With http.token set, it needs the token in $VIGIE_TOKEN.
`;

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export const command: Command = (argv) => runIncidents(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env });

export async function runIncidents(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      status: { type: 'string' },
      severity: { type: 'string' },
      brand: { type: 'string' },
      since: { type: 'string' },
      limit: { type: 'string' },
      message: { type: 'string', short: 'm' },
      for: { type: 'string' },
      reason: { type: 'string' },
      scope: { type: 'string' },
      by: { type: 'string' },
      url: { type: 'string' },
      config: { type: 'string', short: 'c' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  const [sub, id, ...rest] = positionals;
  if (values.help || sub === undefined) {
    (values.help ? io.stdout : io.stderr).write(HELP);
    return values.help ? 0 : 2;
  }
  const out = (text: string) => io.stdout.write(`${text}\n`);
  const st = styleFor(io.stdout, io.env);
  const api = new ApiClient({ ...daemonAddress(values.url, values.config, io), token: io.env.VIGIE_TOKEN || undefined });
  const needId = () => {
    if (!id) throw new CliUsageError(`${sub} needs an incident id (see vigie incidents list)`);
    return id;
  };
  const by = values.by?.trim() || io.env.VIGIE_USER || io.env.USER || safeUser();
  const path = (suffix: string) => `/api/incidents/${encodeURIComponent(needId())}/${suffix}`;
  const acted = (verb: string, r: { incident: IncidentView }) =>
    out(values.json ? JSON.stringify(r) : `${verb} ${r.incident.id} (${r.incident.brand}, now ${r.incident.status})`);

  try {
    switch (sub) {
      case 'list': {
        if (id) throw new CliUsageError(`list takes no id (got "${id}"); use vigie incidents show ${id}`);
        const status = values.status === 'all' ? undefined : (values.status ?? 'open,acknowledged');
        const r = await api.get<{ now: string; incidents: IncidentSummary[] }>('/api/incidents', {
          status,
          severity: values.severity,
          brand: values.brand,
          since: values.since,
          limit: values.limit ?? '50',
        });
        out(values.json ? JSON.stringify(r) : listTable(r.incidents, r.now, st));
        return 0;
      }
      case 'show': {
        const r = await api.get<IncidentDetail>(`/api/incidents/${encodeURIComponent(needId())}`);
        out(values.json ? JSON.stringify(r) : detailText(r, st));
        return 0;
      }
      case 'ack':
        acted('acknowledged', await api.post(path('ack'), { by, text: values.message }));
        return 0;
      case 'note': {
        const text = [values.message, ...rest].filter(Boolean).join(' ').trim();
        if (!text) throw new CliUsageError('note needs the text: vigie incidents note ID "what happened"');
        acted('noted on', await api.post(path('note'), { by, text }));
        return 0;
      }
      case 'resolve':
        acted('resolved', await api.post(path('resolve'), { by, text: values.message }));
        return 0;
      case 'silence': {
        if (!values.for) throw new CliUsageError('silence needs --for, e.g. --for 2h');
        if (!values.reason) throw new CliUsageError('silence needs --reason "why" (it goes on the timeline)');
        const r = await api.post<{ incident: IncidentView; silence: { id: string; endsAt: string } }>(path('silence'), {
          by,
          for: values.for,
          reason: values.reason,
          scope: values.scope,
        });
        out(values.json ? JSON.stringify(r) : `silenced ${r.incident.id} until ${utc(r.silence.endsAt)} (silence ${r.silence.id})`);
        return 0;
      }
      default:
        throw new CliUsageError(`unknown subcommand "${sub}" (list, show, ack, note, resolve, silence)`);
    }
  } catch (err) {
    if (!(err instanceof ApiRequestError)) throw err;
    if (values.json) out(JSON.stringify({ error: err.message, status: err.status, field: err.field }));
    io.stderr.write(`vigie incidents ${sub}: ${err.message}${hint(err, io.env)}\n`);
    return 1;
  }
}

function hint(err: ApiRequestError, env: NodeJS.ProcessEnv): string {
  if (err.status === 401 && !env.VIGIE_TOKEN) return '\n  export VIGIE_TOKEN=<the daemon\'s http.token> and try again';
  return '';
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'cli';
  }
}

/**
 * Where the daemon listens: --url, $VIGIE_URL, or the `http` section of the config. Only that
 * section is read (with its `${VAR}` references), so a Slack variable missing from this shell does
 * not stop a `vigie incidents list`.
 */
function daemonAddress(url: string | undefined, configFile: string | undefined, io: CliIo): { baseUrl: string } {
  if (url) return { baseUrl: url };
  if (io.env.VIGIE_URL) return { baseUrl: io.env.VIGIE_URL };
  const file = configFile ?? DEFAULT_CONFIG;
  if (!existsSync(file)) {
    if (configFile) throw new CliUsageError(`${file}: file not found`);
    return { baseUrl: 'http://127.0.0.1:8080' };
  }
  const http = (parseDocument(readFileSync(file, 'utf8')).toJS() as { http?: { host?: unknown; port?: unknown } } | null)?.http ?? {};
  const resolve = (v: unknown) => (typeof v === 'string' ? interpolate(v, io.env).value : v);
  let host = String(resolve(http.host) ?? '127.0.0.1');
  if (host === '0.0.0.0' || host === '::') host = '127.0.0.1';
  const port = Number(resolve(http.port) ?? 8080);
  return { baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
}
