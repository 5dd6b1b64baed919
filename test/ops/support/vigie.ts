import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** One JSON log line of a Vigie process (pino). */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

export interface VigieProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything written to stderr so far (JSON log lines and messages for people). */
  stderr(): string;
  stdout(): string;
  /** The JSON log lines so far. */
  logs(): LogLine[];
  /** Resolves with the first log line (past or future) that matches. */
  waitForLog(match: (l: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** Throws (with the end of stderr) if the process has exited: for polling loops that wait on it. */
  assertRunning(): void;
  /** Resolves when the process has exited, with its code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (or the given signal), then waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Runs `node dist/cli.js ARGS` with JSON logs on stderr. */
export function spawnVigie(args: string[], env: Record<string, string | undefined> = {}): VigieProcess {
  const child = spawn(process.execPath, ['dist/cli.js', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
  });
  if (child.pid === undefined) throw new Error(`could not start vigie ${args.join(' ')}`);
  running.add(child);
  let err = '';
  let out = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  let done = false;
  void exited.then(() => (done = true));
  const logs = (): LogLine[] =>
    err
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as LogLine];
        } catch {
          return [];
        }
      });
  return {
    child,
    pid: child.pid,
    stderr: () => err,
    stdout: () => out,
    logs,
    exited,
    assertRunning() {
      if (done) throw new Error(`vigie ${args[0]} exited early\n${err.slice(-3000)}`);
    },
    async waitForLog(match, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = logs().find(match);
        if (found) return found;
        if (done) throw new Error(`vigie exited before ${what}\n${err.slice(-3000)}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${err.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(signal = 'SIGTERM') {
      if (!done) child.kill(signal);
      return exited;
    },
  };
}

/** Kills whatever a failed test left running (by the pids it started). */
export async function killLeftovers(): Promise<void> {
  const left = [...running];
  for (const c of left) c.kill('SIGKILL');
  await Promise.all(left.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(undefined) : c.once('exit', r)))));
}

/**
 * Every thread's native stack of a process that will not end (gdb, when the machine has it): where a
 * stop hangs once the process's own log has gone quiet, for a failure message.
 */
export function nativeStacks(pid: number): string {
  const gdb = spawnSync('gdb', ['-p', String(pid), '-batch', '-ex', 'thread apply all bt 30'], { encoding: 'utf8', timeout: 30_000 });
  if (gdb.error) return `(no native stacks: ${gdb.error.message})`;
  return gdb.stdout.split('\n').filter((l) => /^(Thread|#)/.test(l)).map((l) => l.slice(0, 200)).join('\n');
}
