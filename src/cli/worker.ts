import { systemClock } from '../clock.js';
import { loadConfig } from '../configure.js';
import { Daemon } from '../daemon.js';
import { createLogger } from '../log.js';
import { QUEUE_NAMES, type Role } from '../queues/jobs.js';
import { watchConfig } from '../reload.js';
import { CliUsageError, DEFAULT_CONFIG, parseCommand, type Command } from './command.js';
import { exitIfStillRunningAfter, onShutdownSignal } from './signals.js';

const HELP = `usage: vigie worker --role collect|classify|evaluate|notify [--role ...] [--config FILE] [--schedule]

Runs the workers of the given roles only. Run as many as you like, on as many machines, against
one Redis. --schedule also fires the sources' cron ticks from this process (every scheduler may
fire: a tick is collected once). SIGHUP, or a change of the file, reloads the configuration.
`;

export const command: Command = async (argv) => {
  const parsed = parseCommand(argv, {
    role: { type: 'string', multiple: true },
    config: { type: 'string', short: 'c' },
    schedule: { type: 'boolean' },
  }, HELP);
  if (!parsed) return 0;
  const { values } = parsed;
  const roles = (values.role ?? []).flatMap((r) => r.split(','));
  if (roles.length === 0) throw new CliUsageError(`name at least one --role (${QUEUE_NAMES.join(', ')})`);
  for (const r of roles) if (!QUEUE_NAMES.includes(r as Role)) throw new CliUsageError(`unknown role "${r}" (${QUEUE_NAMES.join(', ')})`);
  const log = createLogger();
  const config = await loadConfig(values.config ?? DEFAULT_CONFIG);
  const daemon = new Daemon({ config, roles: roles as Role[], clock: systemClock, log, schedule: values.schedule === true });
  await daemon.start();
  // SIGHUP or an edit of the file reloads it; a file that does not load is refused and logged.
  const reloader = watchConfig({ file: config.file, current: config, target: daemon, log });
  await new Promise<void>((resolve) => onShutdownSignal(() => resolve()));
  // Daemon.close is bounded by shutdown.timeout; this is the backstop if something still hangs.
  exitIfStillRunningAfter(config.shutdown.timeout + 5000);
  // The whole stop fits in shutdown.timeout: what the HTTP side took comes off the daemon's share.
  const deadline = Date.now() + config.shutdown.timeout;
  await reloader.close();
  await daemon.close(Math.max(500, deadline - Date.now()));
  // Dropped connections may leave a library's timers behind: do not wait for them.
  if (daemon.stoppedByForce) setTimeout(() => process.exit(0), 100).unref();
  return 0;
};
