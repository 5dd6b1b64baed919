import { z } from 'zod';
import { plainText } from '../format.js';
import type { NotifierSpec } from './notifier.js';

const options = z.strictObject({
  /** Colours on a terminal; plain text otherwise. @default auto */
  color: z.enum(['auto', 'always', 'never']).default('auto'),
});

const COLORS = { critical: '\x1b[1;31m', warning: '\x1b[1;33m', info: '\x1b[1;36m', resolved: '\x1b[1;32m' } as const;

/** Writes alerts to standard output for people watching a terminal (the demo, ops trying a config). */
export const consoleNotifier: NotifierSpec<z.output<typeof options>> = {
  type: 'console',
  description: 'Prints each alert readably on standard output.',
  options,
  create(id, o) {
    const out = process.stdout;
    return {
      id,
      type: 'console',
      async send(n) {
        const color = o.color === 'always' || (o.color === 'auto' && out.isTTY === true);
        let text = plainText(n);
        if (color) {
          const c = n.kind === 'resolved' ? COLORS.resolved : COLORS[n.incident.severity];
          const [first, ...rest] = text.split('\n');
          text = [`${c}${first}\x1b[0m`, ...rest].join('\n');
        }
        out.write(`\n${text}\n`);
      },
    };
  },
};
