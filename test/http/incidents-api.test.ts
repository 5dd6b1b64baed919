import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentChart, IncidentSummary, IncidentView } from '../../src/http/incident-view.js';
import type { ScoredPost } from '../../src/types.js';
import { call, startTestDaemon, T0, wave, type TestDaemon } from './helpers.js';

const TOKEN = 'test-token-0123456789abcdef-0123456789';

describe('incidents API over real HTTP', () => {
  let td: TestDaemon;
  let critical: IncidentSummary;

  beforeAll(async () => {
    td = await startTestDaemon({ suite: 'http-incidents', token: TOKEN });
    // A quiet hour for both brands, then a wave on balenciaga: 12 negative posts a minute.
    await wave(td, 'aurore', T0, 3, 1);
    await wave(td, 'balenciaga', T0 + 60 * 60_000, 4, 12);
    const list = await call(td, 'GET', '/api/incidents', { token: TOKEN });
    critical = (list.body.incidents as IncidentSummary[]).find((i) => i.brand === 'balenciaga') as IncidentSummary;
  });
  afterAll(async () => {
    await td?.close();
  });

  it('lists the incident the rule opened, without the internal bookkeeping', async () => {
    const r = await call(td, 'GET', '/api/incidents', { token: TOKEN });
    expect(r.status).toBe(200);
    const incidents = r.body.incidents as IncidentSummary[];
    expect(incidents).toHaveLength(1);
    expect(critical).toMatchObject({ brand: 'balenciaga', rule: 'negative-surge', severity: 'critical', status: 'open', escalationStep: 0 });
    expect(critical.figures[0]).toMatchObject({ threshold: 10 });
    expect(critical.figures[0]?.value).toBeGreaterThanOrEqual(10);
    expect(critical.nextEscalationAt).toBeDefined();
    expect(critical.evidenceCount).toBeGreaterThan(0);
    expect(Object.keys(critical)).not.toContain('notifyAt');
    expect(Object.keys(critical)).not.toContain('lastFiredAt');
    expect(r.body.now).toBe(new Date(td.clock.now()).toISOString());
  });

  it('filters by status, severity, brand and time', async () => {
    const q = async (qs: string) => ((await call(td, 'GET', `/api/incidents?${qs}`, { token: TOKEN })).body.incidents as IncidentSummary[]).map((i) => i.id);
    expect(await q('status=open')).toEqual([critical.id]);
    expect(await q('status=resolved')).toEqual([]);
    expect(await q('status=all')).toEqual([critical.id]);
    expect(await q('severity=critical,warning')).toEqual([critical.id]);
    expect(await q('severity=info')).toEqual([]);
    expect(await q('brand=balenciaga')).toEqual([critical.id]);
    expect(await q('brand=aurore')).toEqual([]);
    expect(await q('since=2h')).toEqual([critical.id]);
    expect(await q(`since=${new Date(T0 + 3 * 3_600_000).toISOString()}`)).toEqual([]);
    expect(await q(`until=${new Date(T0).toISOString()}`)).toEqual([]);
  });

  it('refuses bad filters with the field named', async () => {
    const bad = await call(td, 'GET', '/api/incidents?status=opened', { token: TOKEN });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'status' });
    expect(String(bad.body.error)).toContain('open, acknowledged, resolved, all');
    const since = await call(td, 'GET', '/api/incidents?since=yesterday', { token: TOKEN });
    expect(since.status).toBe(400);
    expect(since.body.field).toBe('since');
    expect((await call(td, 'GET', '/api/incidents?limit=0', { token: TOKEN })).body.field).toBe('limit');
  });

  it('shows the detail with the per-minute series, the threshold, the evidence posts and the timeline', async () => {
    const r = await call(td, 'GET', `/api/incidents/${critical.id}`, { token: TOKEN });
    expect(r.status).toBe(200);
    const chart = r.body.chart as IncidentChart;
    const opened = Date.parse(critical.openedAt);
    expect(chart.stepMs).toBe(60_000);
    expect(chart.points[0]?.t).toBeLessThanOrEqual(opened - 60 * 60_000);
    const waveMinute = chart.points.find((p) => p.t === T0 + 60 * 60_000);
    expect(waveMinute).toMatchObject({ posts: 12, neg: 12, crisis: 12 });
    expect(chart.watched).toMatchObject({ metric: 'neg', windowMs: 15 * 60_000, threshold: 5, critical: 10 });
    // The rolling 15-minute sum at the last wave minute is the whole wave.
    const lastWave = chart.points.findIndex((p) => p.t === T0 + 63 * 60_000);
    expect(chart.watched?.values[lastWave]).toBe(48);
    expect(chart.markers.map((m) => m.kind)).toContain('opened');

    const posts = r.body.posts as ScoredPost[];
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0]).toMatchObject({ lang: 'cmn', brands: ['balenciaga'], sentiment: { label: 'neg' } });
    expect(posts[0]?.crisis.terms).toContain('抵制');
    const incident = r.body.incident as IncidentView;
    expect(incident.timeline[0]).toMatchObject({ kind: 'opened' });
    expect(incident.escalationPolicy).toBe('pr-lead');
  });

  it('answers 404 for an unknown incident', async () => {
    const r = await call(td, 'GET', '/api/incidents/inc-nope', { token: TOKEN });
    expect(r.status).toBe(404);
    expect(r.body.error).toContain('inc-nope');
  });

  it('refuses actions without the token, with the wrong one, or with a malformed header', async () => {
    const none = await call(td, 'POST', `/api/incidents/${critical.id}/ack`, { body: { by: 'ana' } });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    const wrong = await call(td, 'POST', `/api/incidents/${critical.id}/ack`, { body: { by: 'ana' }, token: `${TOKEN}x` });
    expect(wrong.status).toBe(401);
    const basic = await call(td, 'POST', `/api/incidents/${critical.id}/ack`, { body: { by: 'ana' }, headers: { Authorization: `Basic ${TOKEN}` } });
    expect(basic.status).toBe(401);
    expect((await call(td, 'GET', `/api/incidents/${critical.id}`, { token: TOKEN })).body.incident).toMatchObject({ status: 'open' });
  });

  it('validates action bodies and names the field', async () => {
    const path = `/api/incidents/${critical.id}/note`;
    const noBy = await call(td, 'POST', path, { body: { text: 'hello' }, token: TOKEN });
    expect(noBy.status).toBe(400);
    expect(noBy.body.field).toBe('by');
    const noText = await call(td, 'POST', path, { body: { by: 'ana' }, token: TOKEN });
    expect(noText.body.field).toBe('text');
    const typo = await call(td, 'POST', path, { body: { by: 'ana', txt: 'x' }, token: TOKEN });
    expect(typo.status).toBe(400);
    expect(typo.body.field).toBe('txt');
    const notJson = await call(td, 'POST', path, { raw: '{"by": ', token: TOKEN });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toContain('not valid JSON');
    const form = await call(td, 'POST', path, { raw: 'by=ana', token: TOKEN, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const big = await call(td, 'POST', path, { body: { by: 'ana', text: 'x'.repeat(70_000) }, token: TOKEN });
    expect(big.status).toBe(413);
  });

  it('acknowledges, notes, silences and resolves, each on the timeline', async () => {
    const base = `/api/incidents/${critical.id}`;
    const ack = await call(td, 'POST', `${base}/ack`, { body: { by: 'ana', text: 'on it' }, token: TOKEN });
    expect(ack.status).toBe(200);
    const acked = ack.body.incident as IncidentView;
    expect(acked.status).toBe('acknowledged');
    expect(acked.nextEscalationAt).toBeUndefined();
    expect(acked.timeline.at(-1)).toMatchObject({ kind: 'acknowledged', by: 'ana', text: 'on it', at: new Date(td.clock.now()).toISOString() });

    const again = await call(td, 'POST', `${base}/ack`, { body: { by: 'ben' }, token: TOKEN });
    expect(again.status).toBe(409);
    expect(again.body.error).toContain('acknowledged');

    const note = await call(td, 'POST', `${base}/note`, { body: { by: 'ben', text: 'statement drafted' }, token: TOKEN });
    expect((note.body.incident as IncidentView).timeline.at(-1)).toMatchObject({ kind: 'note', by: 'ben', text: 'statement drafted' });

    const badSilence = await call(td, 'POST', `${base}/silence`, { body: { by: 'ana', for: 'forever', reason: 'x' }, token: TOKEN });
    expect(badSilence.body.field).toBe('for');
    const silence = await call(td, 'POST', `${base}/silence`, { body: { by: 'ana', for: '2h', reason: 'statement is out' }, token: TOKEN });
    expect(silence.status).toBe(201);
    expect((silence.body.incident as IncidentView).silenced).toBe(true);
    expect(silence.body.silence).toMatchObject({ brand: 'balenciaga', rule: 'negative-surge', reason: 'statement is out', author: 'ana' });
    const silences = await call(td, 'GET', '/api/silences', { token: TOKEN });
    expect((silences.body.silences as { reason: string }[]).map((s) => s.reason)).toEqual(['statement is out']);

    const resolve = await call(td, 'POST', `${base}/resolve`, { body: { by: 'ana', text: 'apology published' }, token: TOKEN });
    expect(resolve.status).toBe(200);
    expect(resolve.body.incident).toMatchObject({ status: 'resolved' });
    const kinds = (resolve.body.incident as IncidentView).timeline.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['opened', 'acknowledged', 'note', 'silenced', 'resolved']));
    expect((await call(td, 'POST', `${base}/resolve`, { body: { by: 'ana' }, token: TOKEN })).status).toBe(409);
    expect((await call(td, 'POST', '/api/incidents/inc-nope/note', { body: { by: 'ana', text: 'x' }, token: TOKEN })).status).toBe(404);
  });

  it('answers JSON 404 and 405 for unknown paths and methods', async () => {
    const missing = await call(td, 'GET', '/api/nothing', { token: TOKEN });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toContain('/api/nothing');
    const method = await call(td, 'DELETE', '/api/incidents');
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('GET');
  });
});

describe('without a configured token', () => {
  let td: TestDaemon;
  beforeAll(async () => {
    td = await startTestDaemon({ suite: 'http-notoken' });
    await wave(td, 'balenciaga', T0, 2, 12);
  });
  afterAll(async () => {
    await td?.close();
  });

  it('refuses every state-changing route with 403 and says how to set one, but still reads', async () => {
    const list = await call(td, 'GET', '/api/incidents');
    const id = (list.body.incidents as IncidentSummary[])[0]?.id as string;
    expect(id).toBeDefined();
    for (const [path, body] of [
      [`/api/incidents/${id}/ack`, { by: 'ana' }],
      [`/api/incidents/${id}/note`, { by: 'ana', text: 'x' }],
      [`/api/incidents/${id}/resolve`, { by: 'ana' }],
      [`/api/incidents/${id}/silence`, { by: 'ana', for: '1h', reason: 'x' }],
      ['/api/posts', { posts: [] }],
      ['/api/session', {}],
    ] as const) {
      const r = await call(td, 'POST', path, { body, token: 'anything' });
      expect(r.status, path).toBe(403);
      expect(String(r.body.error), path).toContain('VIGIE_TOKEN');
    }
    const status = await call(td, 'GET', '/api/status');
    expect(status.body.actions).toBe('disabled');
    expect((await call(td, 'GET', `/api/incidents/${id}`)).body.incident).toMatchObject({ status: 'open' });
  });
});
