import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBatch } from '../../src/alerts/windows.js';
import { runIncidents } from '../../src/cli/incidents.js';
import { CliUsageError } from '../../src/cli/command.js';
import { scoredPost, startTestDaemon, T0, wave, type TestDaemon } from '../http/helpers.js';

const TOKEN = 'cli-token-0123456789abcdef-0123456789';

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** Runs `vigie incidents ...` in-process against the test daemon; returns code and output. */
async function vigie(td: TestDaemon, args: string[], env: Record<string, string> = {}) {
  const out = capture();
  const err = capture();
  const code = await runIncidents([...args, '--url', td.url], { stdout: out.stream, stderr: err.stream, env: { VIGIE_TOKEN: TOKEN, ...env } });
  return { code, out: out.text(), err: err.text() };
}

describe('vigie incidents', () => {
  let td: TestDaemon;
  let id: string;

  beforeAll(async () => {
    td = await startTestDaemon({ suite: 'cli-incidents', token: TOKEN });
    // An evidence post that tries to drive the terminal: it must come out inert.
    await applyBatch(td.daemon.redis, td.prefix, [
      scoredPost('balenciaga', T0 + 59 * 60_000, { text: 'boycott \x1b[2J\x1b[31mBalenciaga\x1b[0m now', reach: 9_000_000 }),
    ]);
    await wave(td, 'balenciaga', T0 + 60 * 60_000, 4, 12);
    id = (await td.daemon.incidentStore.list())[0]?.id as string;
  });
  afterAll(async () => {
    await td?.close();
  });

  it('lists incidents as a table for people', async () => {
    const r = await vigie(td, ['list']);
    expect(r.code).toBe(0);
    const [header, row] = r.out.trim().split('\n');
    expect(header).toMatch(/^ID\s+SEVERITY\s+STATUS\s+BRAND\s+RULE\s+AGE\s+LAST FIGURES\s+ESCALATION$/);
    expect(row).toContain(id);
    // Opened at the last post's event time (5 s before the daemon's clock); the first page is 5 minutes after.
    expect(row).toMatch(/critical\s+open\s+balenciaga\s+negative-surge\s+5s\s/);
    expect(row).toContain('/ 10 negative posts / 15m');
    expect(row).toContain('next page in 4m 55s');
    expect(r.out).not.toContain('\x1b');
  });

  it('filters, and prints JSON with --json', async () => {
    const none = await vigie(td, ['list', '--brand', 'aurore']);
    expect(none.out.trim()).toBe('no incidents match');
    const json = await vigie(td, ['list', '--json', '--severity', 'critical']);
    const parsed = JSON.parse(json.out) as { incidents: { id: string }[] };
    expect(parsed.incidents.map((i) => i.id)).toEqual([id]);
    const bad = await vigie(td, ['list', '--status', 'opened']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('"status" must be one or more of');
  });

  it('shows one incident: why, activity, evidence and timeline, with untrusted text made inert', async () => {
    const r = await vigie(td, ['show', id]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${id}  CRITICAL  open`);
    expect(r.out).toMatch(/negative posts \/ 15m: \d+ {2}threshold 10/);
    expect(r.out).toMatch(/Negative posts per minute, last \d+ min\n {2}[▁▂▃▄▅▆▇█]+ {2}peak 12\/min/);
    expect(r.out).toContain('Evidence (');
    expect(r.out).toContain('boycott [2J[31mBalenciaga[0m now');
    expect(r.out).not.toContain('\x1b');
    expect(r.out).toMatch(/Timeline\n {2}\d{2}-\d{2} \d{2}:\d{2} UTC\s+opened/);
    const json = JSON.parse((await vigie(td, ['show', id, '--json'])).out) as { incident: { id: string }; posts: unknown[] };
    expect(json.incident.id).toBe(id);
    expect(json.posts.length).toBeGreaterThan(0);
  });

  it('refuses to act without the token, and says how to give it', async () => {
    const r = await vigie(td, ['ack', id], { VIGIE_TOKEN: '' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('Authorization: Bearer');
    expect(r.err).toContain('export VIGIE_TOKEN');
    expect((await td.daemon.incidentStore.get(id))?.status).toBe('open');
  });

  it('acknowledges, notes, silences and resolves through the API', async () => {
    const ack = await vigie(td, ['ack', id, '--by', 'ana', '-m', 'on it']);
    expect(ack.code).toBe(0);
    expect(ack.out.trim()).toBe(`acknowledged ${id} (balenciaga, now acknowledged)`);
    expect((await td.daemon.incidentStore.get(id))?.timeline.at(-1)).toMatchObject({ kind: 'acknowledged', by: 'ana', text: 'on it' });

    const twice = await vigie(td, ['ack', id, '--by', 'ben']);
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('not open');

    const note = await vigie(td, ['note', id, 'statement', 'drafted', '--by', 'ben']);
    expect(note.code).toBe(0);
    expect((await td.daemon.incidentStore.get(id))?.timeline.at(-1)).toMatchObject({ kind: 'note', by: 'ben', text: 'statement drafted' });

    const silence = await vigie(td, ['silence', id, '--for', '2h', '--reason', 'statement is out', '--by', 'ana']);
    expect(silence.code).toBe(0);
    expect(silence.out).toMatch(new RegExp(`^silenced ${id} until \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC`));
    expect((await td.daemon.incidentStore.get(id))?.silenced).toBe(true);

    const resolve = await vigie(td, ['resolve', id, '--by', 'ana', '-m', 'apology published', '--json']);
    expect(JSON.parse(resolve.out)).toMatchObject({ incident: { id, status: 'resolved' } });
  });

  it('explains usage mistakes and an unreachable daemon', async () => {
    await expect(vigie(td, ['ack'])).rejects.toThrow(CliUsageError);
    await expect(vigie(td, ['silence', id, '--reason', 'x'])).rejects.toThrow(/--for/);
    await expect(vigie(td, ['note', id])).rejects.toThrow(/needs the text/);
    await expect(vigie(td, ['frobnicate'])).rejects.toThrow(/unknown subcommand/);
    const out = capture();
    const err = capture();
    const code = await runIncidents(['list', '--url', 'http://127.0.0.1:9'], { stdout: out.stream, stderr: err.stream, env: {} });
    expect(code).toBe(1);
    expect(err.text()).toContain('cannot reach the daemon at http://127.0.0.1:9');
  });
});
