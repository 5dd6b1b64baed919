import { spawnSync } from 'node:child_process';

/**
 * Tests that run `vigie` as a real process use dist/, and the triage page is served from dist/
 * even when the server runs from source: build it once before the suites, so they never run
 * yesterday's code. Type errors still emit JavaScript; they are reported here and fail the
 * type-check step of CI, not every suite.
 */
export default function setup(): void {
  for (const [what, args] of [
    ['daemon', ['tsc', '-p', 'tsconfig.build.json']],
    ['page', ['npm', 'run', '--silent', 'build:page']],
  ] as const) {
    const r = spawnSync('npx', [...args], { encoding: 'utf8' });
    if (r.status !== 0) process.stderr.write(`build of the ${what} reported problems:\n${r.stdout}${r.stderr}\n`);
  }
}
