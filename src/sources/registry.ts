import { registryOf } from '../plugin.js';
import { feedSpec } from './feed.js';
import { replaySource } from './replay.js';
import type { SourceSpec } from './source.js';
import { twitterSpec } from './twitter.js';
import { wechatSpec } from './wechat.js';
import { weiboSpec } from './weibo.js';

/** Every source type. Adding a platform is one file in src/sources/ and one line here. */
export const sourceSpecs: readonly SourceSpec[] = [
  weiboSpec,
  wechatSpec,
  twitterSpec,
  feedSpec,
  replaySource as SourceSpec,
];

export const sourceRegistry = registryOf(sourceSpecs);
