import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drain } from '../../src/replay.js';
import { call, startTestDaemon, T0, type TestDaemon } from './helpers.js';

const TOKEN = 'ingest-token-abcdefghijklmnop-0123456789';

/** Posts as a service desk would push them: our own values, in the Post shape. */
function ticket(n: number, text: string, over: Record<string, unknown> = {}) {
  return {
    id: `ingest:ticket-${n}`,
    sourceId: 'service-desk',
    url: `https://desk.example/tickets/${n}`,
    author: { id: `client-${n}`, name: `Client ${n}` },
    text,
    publishedAt: new Date(T0 - 10 * 60_000 + n * 1000).toISOString(),
    ...over,
  };
}

describe('ingest API', () => {
  let td: TestDaemon;
  beforeAll(async () => {
    td = await startTestDaemon({ suite: 'http-ingest', token: TOKEN });
  });
  afterAll(async () => {
    await td?.close();
  });

  it('queues valid posts into the same pipeline: classified and counted in the brand windows', async () => {
    const posts = [
      ticket(1, 'Client furious: Balenciaga staff pushed her in the queue, she says it was racist and will boycott the brand'),
      ticket(2, 'Client asks whether the Balenciaga store in Paris is open on Sunday'),
      ticket(3, 'Maison Aurore order delivered on time, client very happy with the new perfume'),
    ];
    const r = await call(td, 'POST', '/api/posts', { body: { posts }, token: TOKEN });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ accepted: 3, duplicates: 0, jobs: 1 });
    await drain(td.daemon);
    const from = T0 - 20 * 60_000;
    const balenciaga = await td.daemon.windows.sum('balenciaga', from, T0 + 60_000);
    const aurore = await td.daemon.windows.sum('aurore', from, T0 + 60_000);
    expect(balenciaga.posts).toBe(2);
    expect(balenciaga['p:ingest']).toBe(2);
    expect(aurore.posts).toBe(1);
    const metrics = await (await fetch(`${td.url}/metrics`)).text();
    expect(metrics).toMatch(/vigie_posts_collected_total\{source="ingest"\} 3/);
    expect(metrics).toMatch(/vigie_posts_classified_total\{lang="eng"\} \d/);
  });

  it('skips posts seen before, by id, and says how many', async () => {
    const again = await call(td, 'POST', '/api/posts', { body: [ticket(1, 'same ticket sent twice'), ticket(4, 'Balenciaga: a new one')], token: TOKEN });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ accepted: 1, duplicates: 1 });
    const single = await call(td, 'POST', '/api/posts', { body: ticket(5, 'one post on its own'), token: TOKEN });
    expect(single.body).toMatchObject({ accepted: 1, duplicates: 0 });
    await drain(td.daemon);
  });

  it('refuses the whole batch when a post is invalid, naming every field', async () => {
    const r = await call(td, 'POST', '/api/posts', {
      body: {
        posts: [
          ticket(10, 'fine'),
          ticket(11, 'no author name', { author: { id: 'c11' } }),
          ticket(12, 'bad date', { publishedAt: 'yesterday' }),
          ticket(13, 'typo', { txt: 'x' }),
          { ...ticket(14, 'bad id'), id: 'ticket-14' },
          ticket(15, 'future', { publishedAt: new Date(T0 + 86_400_000).toISOString() }),
        ],
      },
      token: TOKEN,
    });
    expect(r.status).toBe(400);
    const fields = (r.body.problems as { field: string; message: string }[]).map((p) => p.field);
    expect(fields).toEqual(['posts[1].author.name', 'posts[2].publishedAt', 'posts[3]', 'posts[4].id']);
    expect(r.body.field).toBe('posts[1].author.name');
    expect(String(r.body.error)).toContain('posts[1].author.name');
    const problems = r.body.problems as { field: string; message: string }[];
    expect(problems[2]?.message).toContain('"txt"');
    expect(problems[3]?.message).toContain('platform:nativeId');
    // Nothing of the batch went in, not even the valid post.
    const fine = await call(td, 'POST', '/api/posts', { body: [ticket(10, 'fine')], token: TOKEN });
    expect(fine.body).toMatchObject({ accepted: 1, duplicates: 0 });

    const future = await call(td, 'POST', '/api/posts', { body: [ticket(15, 'future', { publishedAt: new Date(T0 + 86_400_000).toISOString() })], token: TOKEN });
    expect(future.status).toBe(400);
    expect(future.body.field).toBe('posts[0].publishedAt');
    expect(String(future.body.error)).toMatch(/ahead of the daemon's clock/);
    await drain(td.daemon);
  });

  it('names a wrong top-level shape, refuses empty batches, oversized bodies and too many posts', async () => {
    expect((await call(td, 'POST', '/api/posts', { body: 'text', token: TOKEN })).status).toBe(400);
    const notArray = await call(td, 'POST', '/api/posts', { body: { posts: { id: 'x' } }, token: TOKEN });
    expect(notArray.body.field).toBe('posts');
    expect((await call(td, 'POST', '/api/posts', { body: { posts: [] }, token: TOKEN })).body.field).toBe('posts');
    const many = Array.from({ length: 1001 }, (_, i) => ticket(100 + i, 'x'));
    const tooMany = await call(td, 'POST', '/api/posts', { body: many, token: TOKEN });
    expect(tooMany.status).toBe(413);
    expect(String(tooMany.body.error)).toContain('at most 1000');
    const huge = await call(td, 'POST', '/api/posts', { body: [ticket(9000, 'x'.repeat(6 * 1024 * 1024))], token: TOKEN });
    expect(huge.status).toBe(413);
    expect(String(huge.body.error)).toContain('5 MiB');
  });

  it('needs the token', async () => {
    const r = await call(td, 'POST', '/api/posts', { body: [ticket(50, 'x')] });
    expect(r.status).toBe(401);
  });
});
