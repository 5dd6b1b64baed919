/** The template sets by language, with the emoji and Weibo `[表情]` codes each one decorates with. */
import type { DemoLang } from '../brands.js';
import { EN_ARTICLES } from './en-articles.js';
import { EN_POSTS } from './en-posts.js';
import { FR_ARTICLES } from './fr-articles.js';
import { FR_POSTS } from './fr-posts.js';
import type { LanguageTemplates } from './types.js';
import { ZH_ARTICLES } from './zh-articles.js';
import { ZH_POSTS } from './zh-posts.js';

export type { ArticleKind, LanguageTemplates, PostKind, Template } from './types.js';
export { POST_KINDS } from './types.js';

const EMOJI = {
  pos: ['😍', '✨', '🥰', '👍', '💕', '🔥', '😊', '🙌'],
  neg: ['😡', '🤬', '👎', '😤', '💔', '🙄', '😠'],
};

export const TEMPLATES: Record<DemoLang, LanguageTemplates> = {
  zh: {
    posts: ZH_POSTS,
    articles: ZH_ARTICLES,
    decorations: {
      emoji: EMOJI,
      faces: {
        pos: ['[哈哈]', '[心]', '[赞]', '[爱你]', '[哇]', '[可爱]', '[doge]', '[憧憬]'],
        neg: ['[怒]', '[抓狂]', '[泪]', '[怒骂]', '[允悲]', '[生病]', '[摊手]', '[鄙视]'],
      },
      openers: {
        pos: ['姐妹们！', '分享一下：', '哈哈哈', '终于！', '真心推荐，'],
        neg: ['真的气死了！', '无语。', '顶！', '说两句：', '太过分了！', '真的服了，', '醒醒吧，'],
      },
      sentenceJoiner: '',
    },
  },
  en: {
    posts: EN_POSTS,
    articles: EN_ARTICLES,
    decorations: {
      emoji: EMOJI,
      faces: { pos: [], neg: [] },
      openers: {
        pos: ['Okay. ', 'Not an ad: ', 'PSA: ', 'Small joys: ', 'Honestly? '],
        neg: ['Wow. ', 'Honestly? ', 'This. ', 'Unreal. ', 'Can’t believe this. ', 'Ugh. ', 'Reminder: '],
      },
      sentenceJoiner: ' ',
    },
  },
  fr: {
    posts: FR_POSTS,
    articles: FR_ARTICLES,
    decorations: {
      emoji: EMOJI,
      faces: { pos: [], neg: [] },
      openers: {
        pos: ['Petit bonheur : ', 'Pas sponso : ', 'Bon. ', 'Coup de cœur. '],
        neg: ['Sérieusement. ', 'Incroyable. ', 'Je partage : ', 'Scandaleux. ', 'Rappel : ', 'Franchement ? '],
      },
      sentenceJoiner: ' ',
    },
  },
};
