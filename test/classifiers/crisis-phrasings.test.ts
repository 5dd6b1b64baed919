import { describe, expect, it } from 'vitest';
import { CrisisDetector } from '../../src/classifiers/crisis.js';
import { normalizeText } from '../../src/classifiers/normalize.js';
import type { CrisisCategory } from '../../src/types.js';

/**
 * Crises as people write them, not as a lexicon's first draft does: a boycott is also "不会再买"
 * and "not spending another cent", an allergy also "烂脸" and "broke out in hives", a fire also
 * "冒烟" and "started sparking". A wave whose posts say it in other words than the scenario
 * generator's would otherwise count for nothing, however fast it grows. Beside them, everyday
 * posts that borrow the words ("a rash decision", "this drop is fire", "breaking stereotypes",
 * "crème brûlée") must stay clear of the four categories that can page.
 */
const detector = new CrisisDetector();
const categories = (text: string): CrisisCategory[] => {
  const n = normalizeText(text);
  return detector.detect(n.normalized, n.compoundHashtags, []).categories;
};

describe('crisis phrasings in Chinese, English and French', () => {
  it.each<[CrisisCategory, string]>([
    ['boycott', '再也不会买巴黎世家了，品牌方傲慢至极'],
    ['boycott', '不会再买月光之家的任何东西了'],
    ['boycott', '已经退了会员，以后绝不购买Maison Aurore'],
    ['boycott', 'Not spending another cent at Balenciaga after this campaign'],
    ['boycott', 'I will never buy Balenciaga again'],
    ['boycott', "Won't be shopping at Maison Aurore ever again"],
    ['boycott', "Arrêtez d'acheter Balenciaga, cette marque nous méprise"],
    ['boycott', 'Plus un centime pour Balenciaga'],
    ['discrimination', '巴黎世家的广告丑化中国人，太过分了'],
    ['discrimination', "Maison Aurore's ad is deeply disrespectful to Chinese customers"],
    ['discrimination', 'The Balenciaga ad is blackface, plain and simple'],
    ['discrimination', "Le vigile nous a refusé l'entrée à cause de notre couleur de peau"],
    ['violence', '北风电器维修工上门打伤老人'],
    ['violence', 'A Northwind security guard slapped a teenager at the mall'],
    ['violence', 'Northwind delivery driver attacked my neighbour'],
    ['violence', 'Le gérant de Northwind a giflé une employée devant tout le monde'],
    ['violence', "Le vigile m'a menacé devant la boutique Northwind"],
    ['safety', '用了巴黎世家的面霜脸上起红疹，烂脸了'],
    ['safety', '北风电器的充电宝鼓包冒烟'],
    ['safety', '吃了北风的零食上吐下泻，全家送医'],
    ['safety', 'Broke out in hives after using the Maison Aurore serum'],
    ['safety', "Maison Aurore's cream gave me a rash and my face swelled up"],
    ['safety', 'My Northwind heater started smoking and sparking'],
    ['safety', 'Crème Maison Aurore : eczéma et brûlures après deux jours'],
    ['safety', 'Des enfants hospitalisés après avoir mangé les biscuits Northwind'],
    ['safety', 'Three kids sick with E. coli after eating Northwind burgers'],
    ['safety', '北风电器的热水器突然爆炸，厨房全毁了'],
    ['safety', '检测出月光之家的面膜含有毒成分'],
    ['violence', 'The Northwind store manager threatened me when I asked for a refund'],
    ['violence', '北风电器的保安对顾客动手，还把人推倒在地'],
    ['violence', '月光之家门店员工先动手打人，顾客受伤送医'],
    ['safety', '全家吃了北风的罐头后中毒了，现在还在医院'],
    ['violence', '巴黎世家门店发生踩踏，一名顾客死亡'],
    ['service', 'Maison Aurore退款三个月了还没到账，客服电话永远打不通'],
    ['service', '北风电器售后太差了，客服一直踢皮球'],
    ['service', "My Northwind order hasn't arrived after three weeks and no one replies"],
    ['service', 'Colis Northwind perdu, aucune réponse depuis 15 jours, sans nouvelles'],
    // Written on 2 December 2026 against the third lexicon pass: other words for the same crises.
    ['safety', 'Acme 的奶粉导致宝宝住院，太可怕了'],
    ['safety', '在Acme买的牛奶里喝出了虫子'],
    ['safety', 'Acme的螺蛳粉吃出了一根钢丝'],
    ['safety', 'Acme充电宝半夜突然冒火，差点烧了房子'],
    ['safety', 'Acme冰箱漏氟，孩子头晕恶心'],
    ['safety', 'My kid ended up in the ER after eating Acme snacks'],
    ['safety', 'Found glass shards in my Acme cereal this morning'],
    ['safety', 'Several people got sick after eating at Acme last night'],
    ['safety', 'Acme baby formula is being pulled from shelves after infant illnesses'],
    ['safety', "J'ai trouvé des morceaux de verre dans mon yaourt Acme"],
    ['safety', 'Plusieurs clients malades après un repas chez Acme'],
    ['safety', 'Acme rappelle ses trottinettes, risque de chute grave'],
    ['boycott', '大家别再买Acme了，支持国货'],
    ['boycott', 'Acme 滚！再也不会踏进你们的店'],
    ['boycott', "I'm cutting up my Acme card, never again"],
    ['boycott', 'Not giving Acme another cent after this'],
    ["boycott", "J'arrête d'acheter chez Acme, c'est fini pour moi"],
    ['boycott', 'On ne met plus les pieds chez Acme, faites tourner'],
    ['boycott', 'Je résilie mon abonnement Acme immédiatement'],
    ['discrimination', 'Acme招聘只要男生，女生简历直接扔掉'],
    ['discrimination', "Acme staff refused to serve us because we're Black"],
    ['violence', 'Acme security body-slammed a teenager over a candy bar'],
    ['violence', 'Un vigile Acme a plaqué un ado au sol'],
    ['violence', '在Acme店里跟店员争了两句，他直接推了我一把'],
    ['fraud', 'Acme偷偷扣费，退款一直不给'],
    // A negation answered by 是什么 asserts: "if this isn't false advertising, what is?"
    ['fraud', 'Acme说是有机的，结果全是农药，这不是虚假宣传是什么？'],
    ['fraud', "Acme m'a débité deux fois et refuse de rembourser, c'est du vol"],
    ['service', 'Acme的快递一个月了还没发货，客服只会说抱歉'],
    ['service', "Acme still hasn't refunded me after 6 weeks, zero response to emails"],
    // A call that carries its own negation is not cancelled by it: "don't give them your money".
    ['boycott', "Don't give them your money. #Acme"],
    ['boycott', 'Not giving a single cent to Acme after that memo'],
    ['boycott', 'Acme账号已注销，绝不回头'],
    ['boycott', 'Acme ? Jamais de la vie, ils peuvent garder leurs fringues'],
    ['discrimination', 'Acme drivers keep cancelling when they see my guide dog'],
    ['violence', 'Acme司机把车门锁了，不让我下车'],
    ['service', 'Acme说好48小时内回电，现在第九天了'],
    ['service', "Dossier clôturé sans aucune réponse, merci Acme"],
    // A company's recall, and a demand for one, stay safety beside a person remembering.
    ['safety', 'Acme may recall 10,000 heaters after reports of fires'],
    ['safety', 'Acme, you must recall these heaters now'],
    ['safety', 'Acme issued a recall of its heaters. I recall buying one'],
  ])('%s: %s', (category, text) => {
    expect(categories(text)).toContain(category);
  });
});

describe('everyday posts that borrow crisis words', () => {
  const PAGING: readonly CrisisCategory[] = ['boycott', 'discrimination', 'violence', 'safety'];
  it.each([
    'Made a rash decision and bought three Maison Aurore lipsticks',
    "Balenciaga's new drop is fire",
    "Maison Aurore's founder talks about breaking stereotypes in beauty",
    'Crème brûlée au café de chez Maison Aurore, un délice',
    'The Northwind oven heats up in no time, love it',
    '巴黎世家新款卫衣火了，全网断货',
    '这波操作令人窒息，月光之家的文案笑死我了',
    '看到这个价格我想呕吐，不过质量确实好',
    "J'ai envie de vomir quand je vois ce prix, mais le sac est superbe",
    'Northwind soutient la protection des espèces menacées',
    'So blessed to finally have my Maison Aurore bag',
    'Accidentally bought two Northwind kettles, no regrets',
    'Le magasin Northwind de Lille est menacé de fermeture',
    '月光之家新出的口红颜色美到爆炸',
    '今天加班到心态爆炸，只想喝一杯巴黎世家联名咖啡',
    '这首歌有毒，巴黎世家的广告曲我听了一整天',
    'Northwind donates to protect threatened species',
    'If I recall correctly the Northwind sale starts Friday',
    // Remembering, whatever stands between the person and the verb.
    'You may recall the Acme jingle from last winter, it is back',
    'I vaguely recall Acme had a red logo',
    'If I don’t recall wrong, Acme opens at 9',
    'Maison Aurore killed it at the fashion show',
    "J'ai explosé de rire devant la pub Maison Aurore",
    '周末自己动手做了个北风电器同款书架，成就感满满',
    '今天在月光之家上了手工课，动手能力又提高了',
    '巴黎世家这首广告曲太中毒了，循环一整天',
    '月光之家的新剧我中毒太深了',
    '这张照片是死亡角度，巴黎世家的外套都救不回来',
    '在北风电器门口摔了一跤，当场社会性死亡',
    '为什么一定要让深爱的人受伤，巴黎世家的广告看哭了',
    // Everyday senses of the third pass's words, from the sentiment sets and the hard cases.
    '泡面吃出炒面的味道，Acme的新口味甚是喜欢',
    '小龙虾头里有寄生虫，还是Acme的外卖干净',
    '刚给Acme客服打了一个电话，问题马上解决了',
    '我觉得我还可以再抢救一下，Acme的课明天再补',
    '在Acme抢到了限量款，手速快到冒烟',
    '妈妈再也不用担心我的学习，Acme的台灯真好用',
    '周末看极限男人帮，顺手在Acme下单了零食',
    'the Acme sale is absolutely insane, my cart exploded',
    "Acme's new spicy chips nearly killed me (in a good way)",
    'That Acme ad hurt my feelings, too cute',
    'Going to the Acme hotel on Thursday #cantwaitt',
    'Acme vise un objectif de 50% de recyclage en 2025',
    '#Gastronomie : le nouveau fromage Acme est une merveille',
    'Acme a explosé ses ventes ce trimestre',
    'Ça c’est du lourd, Acme frappe fort avec ce nouveau modèle',
    "I'm done with exams, celebrating at Acme tonight",
    '这杯Acme甜到我想打人',
    'Acme的暴打柠檬茶yyds',
  ])('no paging category: %s', (text) => {
    expect(categories(text).filter((c) => PAGING.includes(c))).toEqual([]);
  });
});

describe("a review's hedge is not a service complaint", () => {
  it.each([
    'My only real complaint is that the popular Acme colours sell out within days.',
    'Love the Acme kettle. Only complaint: the lid is a bit stiff',
    'One minor complaint about the Acme frames, the case feels cheap',
  ])('no service category: %s', (text) => {
    expect(categories(text)).not.toContain('service');
  });

  it.each(['Filed another complaint with Acme today. They promised a call back. Nothing.', 'Is anyone at Acme reading complaints? Three weeks, no refund.'])(
    'still a service complaint: %s',
    (text) => {
      expect(categories(text)).toContain('service');
    },
  );
});
