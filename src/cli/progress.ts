import type { ReplayProgress } from '../replay.js';

/**
 * A progress line on stderr: rewritten in place on a terminal, a line every tenth otherwise
 * (CI logs stay short).
 */
export function progressPrinter(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastTenth = -1;
  let lastLine = '';
  return (p: ReplayProgress): void => {
    const span = Math.max(1, p.end - p.start);
    const pct = Math.min(100, Math.floor((100 * (p.eventTime - p.start)) / span));
    const time = new Date(p.eventTime).toISOString().slice(0, 16).replace('T', ' ');
    const line = `${label} ${String(pct).padStart(3)}% · event time ${time} UTC · ${p.posts.toLocaleString('en')}/${p.totalPosts.toLocaleString('en')} posts`;
    if (stream.isTTY) {
      stream.write(`\r\x1b[K${line}${p.done ? '\n' : ''}`);
    } else if ((p.done || Math.floor(pct / 10) > lastTenth) && line !== lastLine) {
      lastTenth = Math.floor(pct / 10);
      lastLine = line;
      stream.write(`${line}\n`);
    }
  };
}
