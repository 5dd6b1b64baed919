/** Entry point of `npm run scenarios`. */
import { main } from './cli.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`scenarios: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
