import { spawnSync } from 'node:child_process';

/**
 * Tests that run `vigie` as a real process use dist/: build it once before the suites, so they
 * never run yesterday's code. Type errors still emit JavaScript; they are reported here and fail
 * the type-check step of CI, not every suite.
 */
export default function setup(): void {
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { encoding: 'utf8' });
  if (r.status !== 0) process.stderr.write(`build reported problems (dist/ was still written):\n${r.stdout}${r.stderr}\n`);
}
