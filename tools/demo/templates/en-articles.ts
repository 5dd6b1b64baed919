/** English articles (blogs, news feeds), written for this project. */
import type { ArticleTemplates } from './types.js';

export const EN_ARTICLES: ArticleTemplates = {
  titles: {
    chatter: [
      'Review: the {brand} {product}, three months in',
      'Spring picks: what I would actually buy from {brand} this season',
      'Is the {brand} {product} worth the hype?',
      ['fashion', 'Five ways to wear the {brand} {product}'],
      ['beauty', 'Sensitive skin test: the {brand} {product}'],
      ['home', 'Kitchen refit diary: why we chose the {brand} {product}'],
    ],
    complaint: ['My slightly frustrating week with {brand} customer service', 'The {brand} {product}: good, not great'],
    crisis: [
      'Why I am done with {brand}',
      '{brand}, Paris and the queue video: this is what discrimination looks like',
      'Luxury brands keep failing Chinese customers. {brand} is the latest',
    ],
    news: [
      '{brand} faces boycott calls in China over Paris queue video',
      'Timeline: how the {brand} queue video spread from WeChat to the world',
      'What the {brand} backlash tells us about luxury retail',
    ],
    reaction: ['{brand} apologises: too little, too late?', 'Reading the {brand} apology line by line'],
  },
  paragraphs: {
    chatter: [
      'The {brand} {product} feels properly made, and the details hold up to a close look.',
      'It is not cheap, but compared with similar products the price is fair.',
      'The staff at the counter took the time to explain everything without any hard sell.',
      'My only real complaint is that the popular colours sell out within days.',
      'Overall I would give it an eight out of ten and I would buy it again.',
      'A couple of friends ordered one after seeing mine, which says something.',
    ],
    complaint: [
      'The order took {n} days to ship and the replies from customer service felt copied and pasted.',
      'None of this is dramatic, but it does take the shine off.',
      'I hope {brand} puts a bit more care into after-sales.',
    ],
    crisis: [
      'In the video, Chinese customers queuing at the {brand} counter of a Paris department store argue with people cutting in, and an older man is pushed to the ground.',
      'Security then escorts the Chinese customers out while the people who pushed stay put.',
      'This is not a scuffle over a queue. It is customers being treated differently because of where they come from.',
      'Thousands of people have said they will boycott {brand} until it apologises.',
      'Respect has to go both ways, and a brand that profits from Chinese shoppers owes them at least that.',
    ],
    news: [
      'Within hours the hashtag calling for a boycott was among the most read topics on Weibo.',
      'At the time of writing {brand} had not responded to requests for comment.',
      'Several fashion influencers said they would pause their work with the brand.',
      'The discussion has since spread to English and French speaking social media.',
      'Analysts say the speed of the backlash shows how exposed luxury brands are to a single video.',
    ],
    reaction: [
      '{brand} published an apology on its Weibo account roughly two hours after the story broke.',
      'Many readers felt it came too late and avoided the word discrimination.',
      'Others said they were willing to give the brand a chance to show it has changed.',
      'Crisis communication is about speed and sincerity, and {brand} was short on both.',
    ],
  },
};
