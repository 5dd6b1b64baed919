/**
 * Post texts for the scenario kinds the demo does not have, in Chinese, English and French, written
 * for this suite. The classifiers decide from the words alone, so each kind is written the way its
 * posts read in the wild and carries what makes it what it is:
 *
 * - `boycott`: a campaign ad read as mocking Chinese customers; boycott and discrimination terms.
 * - `safety`: appliances that overheat and catch fire, a recall; product-safety terms.
 * - `allergy`: a face cream that gives rashes, a recall; product-safety terms.
 * - `service`: refunds that never come, nobody answering; angry, customer-service terms only (no
 *   boycott, discrimination, violence or safety words).
 * - `grumble`: ordinary complaints, negative without any crisis term.
 * - `launch`: excitement about a launch; positive, no crisis term (no "on fire", no "killed it", no
 *   "frappe fort", which the French lexicon reads as violence).
 * - `namesake`: a crisis of another company that shares the brand's name (the config excludes it).
 * Placeholders are the demo's (`{brand}`, `{product}`, `{tag}`, `{boycott}`, `{emoji}`, `{face}`, `{n}`).
 */
import type { DemoLang } from '../demo/scenario.js';

export type SuiteKind = 'boycott' | 'safety' | 'allergy' | 'service' | 'grumble' | 'launch' | 'namesake';

export const SUITE_TEXTS: Record<SuiteKind, Record<DemoLang, readonly string[]>> = {
  boycott: {
    zh: [
      '{brand}新广告眯眯眼妆容，这是赤裸裸的辱华！{boycott}',
      '看完{brand}的广告真的气死了，歧视中国人还想赚中国人的钱？不买了 {boycott}',
      '{brand}必须道歉！广告里那句话就是在侮辱中国人{face}',
      '已经把{brand}的{product}退了，永不购买 {boycott}',
      '姐妹们别买{brand}了，这个品牌瞧不起中国人 {boycott}',
      '{brand}官方到现在一句道歉都没有，取关了 {boycott}{face}',
      '转发：{brand}广告辱华事件，抵制到底！',
      '{brand}的代言人都解约了，品牌还不道歉？{boycott}',
    ],
    en: [
      'That new {brand} ad is straight-up racist. Mocking Chinese customers in 2026? {boycott}',
      'Never buying {brand} again after that ad. Discrimination dressed up as "edgy" {emoji}',
      '{brand} owes Chinese customers a public apology. {boycott}',
      'Returned my {brand} {product} today. I do not give money to brands that insult their customers {boycott}',
      'The {brand} campaign is trending in China for all the wrong reasons: people are calling it racist',
      'Still no apology from {brand}. Unfollowed. {boycott}',
    ],
    fr: [
      'La nouvelle pub {brand} se moque des clients chinois. C’est raciste, point. {boycott}',
      'Plus jamais {brand} après cette campagne. Honte à eux. {boycott}',
      '{brand} doit présenter des excuses publiques aux clients chinois {emoji}',
      'J’ai rendu {product} {brand}. Une marque qui humilie ses clients, non merci {boycott}',
      'Appel au boycott de {brand} : la campagne est jugée raciste en Chine',
    ],
  },
  safety: {
    zh: [
      '我家{brand}{product}用着用着突然起火了，太吓人了！{face}',
      '{brand}{product}自燃，厨房差点烧了，这是严重的安全隐患 {tag}',
      '网友曝{brand}{product}爆炸，{brand}至今没有召回',
      '{brand}{product}插头漏电还冒烟，质量问题太严重了{face}',
      '看到{brand}{product}起火的视频，赶紧把家里的拔了 {tag}',
      '有人被{brand}{product}烫伤受伤了，要求{brand}立即召回！',
      '#{brand}产品起火# 市场监管部门介入调查',
    ],
    en: [
      'My {brand} {product} caught fire on the counter this morning. Smoke everywhere. This is unsafe {emoji}',
      'Third report today of a {brand} {product} overheating and melting. When is the recall, {brand}?',
      'PSA: unplug your {brand} {product}. Several units have caught fire. Safety hazard.',
      '{brand} {product} exploded in a kitchen in Lyon, owner injured. How is this not recalled yet?',
      'Consumer group calls for an immediate recall of the {brand} {product} after fire reports',
      'The {brand} {product} is a fire hazard and they still sell it {emoji}',
    ],
    fr: [
      '{product} {brand} a pris feu dans ma cuisine ce matin. C’est dangereux !',
      'Encore un appareil {brand} en surchauffe qui prend feu. Quand le rappel de produit ?',
      'Incendie domestique : une {product} {brand} mise en cause, la marque muette',
      '{brand} : plusieurs clients blessés, l’association de consommateurs demande un rappel conso',
      'Débranchez vos appareils {brand}, risque d’incendie. Produit défectueux.',
    ],
  },
  allergy: {
    zh: [
      '用了{brand}的{product}脸上全是红疹，严重过敏了{face}',
      '{brand}{product}被查出成分超标，已经下架召回 {tag}',
      '{brand}{product}有毒吧？用了两天就过敏肿了',
      '好几个姐妹用{brand}都过敏了，这是质量问题 {tag}{face}',
    ],
    en: [
      'Allergic reaction after two days of the {brand} {product}. My face is burning and swollen',
      '{brand} {product} recall: a banned preservative found above the legal limit',
      'Anyone else get an allergic reaction from the new {brand} {product}? This feels unsafe',
      'Dermatologist here: stop using the {brand} {product} now, we see contaminated batches',
    ],
    fr: [
      'Grosse réaction allergique avec {product} {brand}, visage gonflé. C’est dangereux.',
      'Rappel de produit : {product} {brand} contaminée, lots retirés de la vente',
      'Allergie sévère après {product} de {brand}, je ne suis pas la seule apparemment',
      '{brand} : {product} jugée toxique par l’agence, rappel conso en cours',
    ],
  },
  service: {
    zh: [
      '在{brand}买的{product}退货一个月了还不退款，客服电话永远没人接{face}',
      '{brand}拒绝退款，投诉了三次都无人处理，真的心累',
      '{brand}的售后太差了，{product}坏了两周没人管',
      '第{n}次打{brand}客服，还是没人回电话，钱到底什么时候退？',
      '投诉{brand}：订单取消了钱不退，客服态度恶劣{face}',
      '{brand}这种售后服务，真的不想再等了，气死了',
    ],
    en: [
      'Day {n} of waiting for my {brand} refund. Nobody answers the phone, nobody answers emails.',
      '{brand} cancelled my order and I am still waiting for my refund. Absolutely furious.',
      'Worst service ever from {brand}. {n} calls, on hold for an hour each time, still no refund.',
      'My {brand} {product} never arrived and support keeps closing my ticket. Terrible service.',
      'Is anyone at {brand} reading complaints? Three weeks, no refund, no answer.',
      'Filed another complaint with {brand} today. They promised a call back. Nothing. Again.',
    ],
    fr: [
      'Toujours pas remboursé par {brand} après {n} semaines. Service client injoignable, c’est lamentable.',
      '{brand} : commande annulée, pas de remboursement, aucune réponse à mes mails. Je suis furieux.',
      '{product} jamais reçu, {brand} ne répond plus. Réclamation numéro {n}.',
      'En attente depuis un mois d’un remboursement {brand}, personne ne rappelle. Écœurant.',
      'Service client {brand} : {n} appels, aucune réponse, toujours pas remboursé.',
    ],
  },
  grumble: {
    zh: [
      '{brand}的{product}又涨价了，有点贵',
      '{brand}官网今天好卡，{product}一直加载不出来',
      '{brand}的新款{product}感觉一般，没有上一代好看',
      '排了半天队，{brand}的{product}还是没有我的尺码，失望',
      '{brand}包装越来越简陋了，有点失望{face}',
    ],
    en: [
      'The {brand} {product} went up in price again. Not thrilled.',
      'Meh, the new {brand} {product} is a downgrade from last year tbh',
      'Waited ages in the {brand} queue and they had nothing in my size. Disappointing',
      '{brand} website is painfully slow today, gave up on the {product}',
      'The {brand} {product} is fine but honestly overpriced for what it is',
    ],
    fr: [
      '{product} {brand} a encore augmenté, ça commence à faire cher',
      'Un peu déçue par {product} {brand}, moins bien que l’ancienne version',
      'Le site {brand} rame aujourd’hui, j’ai abandonné mon panier',
      'Franchement {product} {brand} est trop chère pour ce que c’est',
    ],
  },
  launch: {
    zh: [
      '{brand}新品{product}终于发布了！太好看了{face}',
      '蹲到了{brand}的新款{product}，开心到飞起 {tag}',
      '{brand}这次的新品发布会太惊艳了，想要全部{face}',
      '{brand}新款{product}上线五分钟就抢光了，好喜欢',
      '冲！{brand}新品{product}颜值超高 {tag}',
    ],
    en: [
      'The new {brand} {product} is gorgeous. Instant wishlist {emoji}',
      'Just watched the {brand} launch and I am in love with the {product}',
      'Got the new {brand} {product} on launch day!! So happy {emoji}',
      '{brand} really outdid themselves with this launch. Stunning.',
      'Everyone is talking about the new {brand} {product} and honestly it deserves it {emoji}',
    ],
    fr: [
      'Nouveauté {brand} : {product}, sublime. Coup de cœur {emoji}',
      'Lancement {brand} réussi : j’adore {product}, déjà commandée !',
      '{brand} réussit sa collection, tout est magnifique',
      'Trop contente d’avoir eu {product} {brand} le jour de la sortie {emoji}',
    ],
  },
  namesake: {
    zh: [
      '北风贸易公司被曝数据泄露，涉嫌诈骗，已被立案调查',
      '北风贸易仓库起火，多名员工受伤',
      '北风贸易偷税被罚款，网友要求抵制',
    ],
    en: [
      'Northwind Traders hit by a data breach: customer records leaked, lawsuit filed',
      'Northwind Traders recalls a batch of canned fish after food poisoning cases',
      'Fire at a Northwind Traders warehouse, two workers injured',
      'Northwind Traders accused of fraud by former suppliers; investigation opened',
      'Calls to boycott Northwind Traders grow after the data leak',
    ],
    fr: [
      'Northwind Traders : fuite de données massive, plainte déposée',
      'Rappel de produit chez Northwind Traders après des cas d’intoxication',
      'Northwind Traders visé par une enquête pour fraude',
    ],
  },
};
