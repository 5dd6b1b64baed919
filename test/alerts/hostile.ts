import { sampleNotification } from '../../src/alerts/sample.js';
import type { Notification } from '../../src/alerts/notifiers/notifier.js';

/** Texts people post that must reach nobody and format nothing. */
export const HOSTILE = {
  channel: '<!channel> everyone look at this',
  here: 'wake up <!here> now',
  user: 'hey <@U123ABC> and <!subteam^S999|@pr-team>',
  script: '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>',
  bold: '*bold* _italic_ ~strike~ `code` > quote',
  amp: 'Fish & Chips < Burgers > Salad',
  link: '<https://evil.example.com|click to see your bank account>',
  plainBroadcast: '@channel @here @everyone',
  long: `${'抵制巴黎世家！'.repeat(800)} END-OF-LONG-TEXT`,
  ansi: 'red \u001b[31malert\u001b[0m and \u202etxt.exe',
};

/** A notification whose every outside string is hostile: posts, authors, links, summary, terms. */
export function hostileNotification(channel: string, kind: Notification['kind'] = 'firing'): Notification {
  const n = sampleNotification({ channel, brand: 'acme', severity: 'critical', kind, link: 'https://vigie.example.com/incidents/inc-1' });
  const texts = Object.values(HOSTILE);
  n.incident.summary = `negative post by <!channel> *boss* on weibo reaching 2.4M & more <script>x</script>`;
  // Channels word the headline from the explanation when there is one: drop it, so the hostile
  // summary is what they show.
  delete n.incident.explanation;
  n.incident.terms = ['<!here>', '*boycott*', 'a&b'];
  n.posts = texts.map((text, i) => ({
    ...(n.posts[i % n.posts.length] as Notification['posts'][number]),
    id: `weibo:hostile-${i}`,
    text,
    author: { id: `h${i}`, name: i === 0 ? '<!channel> <@U999>' : `*author* ${i} <b>` },
    url: i === 1 ? 'javascript:alert(1)' : `https://weibo.example.com/p/${i}?a=1&b=<2>|x`,
  }));
  return n;
}
