import { createReadStream } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { NotifierSpec } from './notifier.js';

const options = z.strictObject({
  /** File that receives one JSON line per notification (created with its folder). */
  path: z.string().min(1, 'name the file to write'),
});

/** Appends every notification as one JSON line: for replays, audits and other tools. */
export const jsonlNotifier: NotifierSpec<z.output<typeof options>> = {
  type: 'jsonl',
  description: 'Appends each notification as one JSON line to a file.',
  options,
  create(id, o) {
    let ready: Promise<unknown> | undefined;
    return {
      id,
      type: 'jsonl',
      async send(n) {
        ready ??= mkdir(dirname(o.path), { recursive: true });
        await ready;
        const line = {
          key: n.key,
          kind: n.kind,
          channel: n.channel,
          at: n.createdAt,
          incident: n.incident,
          posts: n.posts.map((p) => ({ id: p.id, url: p.url, platform: p.platform, lang: p.lang, text: p.text, reach: p.reach })),
          link: n.link,
        };
        // One write call per line: appends of a single line are not interleaved between processes.
        await appendFile(o.path, `${JSON.stringify(line)}\n`);
      },
      // The file is its own delivery record: after an interrupted attempt, look for the key.
      async delivered(key) {
        const needle = `"key":${JSON.stringify(key)}`;
        try {
          const lines = createInterface({ input: createReadStream(o.path), crlfDelay: Infinity });
          for await (const l of lines) if (l.startsWith(`{${needle},`)) return true;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
          throw err;
        }
        return false;
      },
    };
  },
};
