/** French articles (blogs, news feeds), written for this project. */
import type { ArticleTemplates } from './types.js';

export const FR_ARTICLES: ArticleTemplates = {
  titles: {
    chatter: [
      'Test : {product} de {brand}, trois mois après',
      'Sélection de printemps : ce que j’achèterais vraiment chez {brand}',
      '{product} de {brand} vaut-il le détour ?',
      ['fashion', 'Cinq façons de porter {product} {brand}'],
      ['beauty', 'Peau sensible : mon avis sur {product} de {brand}'],
      ['home', 'Journal de travaux : pourquoi nous avons choisi {brand}'],
    ],
    complaint: ['Une semaine un peu pénible avec le service client {brand}', '{brand} : bien, sans plus'],
    crisis: [
      'Pourquoi j’arrête {brand}',
      '{brand}, la file d’attente et la vidéo : voilà à quoi ressemble la discrimination',
      'Les clients chinois méritent mieux que ça, {brand}',
    ],
    news: [
      '{brand} visée par un appel au boycott en Chine',
      'Chronologie : comment la vidéo {brand} a fait le tour du monde',
      'Ce que l’affaire {brand} dit du luxe et de ses clients',
    ],
    reaction: ['{brand} s’excuse : trop peu, trop tard ?', 'Les excuses de {brand} passées au crible'],
  },
  paragraphs: {
    chatter: [
      'La finition est soignée et les détails tiennent la route.',
      'Le prix reste élevé, mais cohérent face à la concurrence.',
      'En boutique, on a pris le temps de tout m’expliquer, sans forcer la vente.',
      'Seul bémol : les couleurs les plus demandées partent en quelques jours.',
      'Au final, je mets huit sur dix à {brand} et je rachèterais.',
    ],
    complaint: [
      'La commande a mis {n} jours à partir et les réponses du service client semblaient copiées-collées.',
      'Rien de dramatique, mais ça gâche un peu le plaisir.',
      'J’espère que {brand} soignera davantage son après-vente.',
    ],
    crisis: [
      'Sur la vidéo, des clients chinois qui faisaient la queue au comptoir {brand} d’un grand magasin parisien protestent contre des resquilleurs, et un homme âgé est poussé au sol.',
      'La sécurité raccompagne ensuite les clients chinois vers la sortie, tandis que les autres restent.',
      'Ce n’est pas une simple bousculade : c’est une discrimination, ni plus ni moins.',
      'Des milliers d’internautes annoncent boycotter {brand} tant que la marque ne s’excuse pas.',
      'Le respect doit être réciproque. Quelle honte pour une maison de ce rang.',
    ],
    news: [
      'En quelques heures, le mot-dièse appelant au boycott figurait parmi les sujets les plus lus de Weibo.',
      'Contactée, la maison {brand} n’avait pas répondu au moment où nous publions.',
      'Plusieurs influenceurs mode ont annoncé suspendre leurs collaborations avec la marque.',
      'La polémique s’est depuis étendue aux réseaux sociaux anglophones et francophones.',
    ],
    reaction: [
      '{brand} a publié des excuses sur son compte Weibo environ deux heures après le début de l’affaire.',
      'Beaucoup jugent ces excuses tardives et regrettent que le mot « discrimination » n’y figure pas.',
      'D’autres se disent prêts à laisser une chance à la marque.',
    ],
  },
};
