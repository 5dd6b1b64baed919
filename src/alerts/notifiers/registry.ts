import { registryOf } from '../../plugin.js';
import { consoleNotifier } from './console.js';
import { emailNotifier } from './email.js';
import { jsonlNotifier } from './jsonl.js';
import type { NotifierSpec } from './notifier.js';
import { slackNotifier } from './slack.js';

/** Every channel type: adding one is a new file and one line here. */
export const notifierSpecs: readonly NotifierSpec[] = [
  consoleNotifier as NotifierSpec,
  jsonlNotifier as NotifierSpec,
  slackNotifier as NotifierSpec,
  emailNotifier as NotifierSpec,
];

export const notifierRegistry = registryOf(notifierSpecs);
