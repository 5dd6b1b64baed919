import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/sources/charset.js';
import { parseDate } from '../../src/sources/dates.js';
import { htmlToText, plainLine } from '../../src/sources/text.js';
import { parseCount, parseWeiboDate } from '../../src/sources/weibo-parse.js';

describe('htmlToText', () => {
  it.each([
    ['tags stripped, entities decoded', '<p>Fish &amp; chips &lt;3 &#x1F600; &eacute;t&eacute;</p>', 'Fish & chips <3 😀 été'],
    ['block elements become line breaks', 'one<br>two<br/>three<p>four</p><div>five</div>', 'one\ntwo\nthree\nfour\n\nfive'],
    ['scripts, styles and comments vanish', 'a<script>alert("x > y")</script><style>p{}</style><!-- hidden -->b', 'ab'],
    ['attributes holding ">" do not leak', '<a title="a > b" href="/x">link</a>', 'link'],
    ['emoticon alt text is kept, other images are not', '好<img alt=[哈哈] src=x.png>看<img alt="a cat" src=c.png>', '好[哈哈]看'],
    ['non-breaking and ideographic spaces tidied', 'a&nbsp;&nbsp; b\u3000c\n\n\n\nd', 'a b c\n\nd'],
    ['double-escaped markup is stripped too', '&lt;p&gt;正文&lt;/p&gt;&lt;br&gt;', '正文'],
    ['text that only looks like markup stays', 'x &lt; y and 5 > 3', 'x < y and 5 > 3'],
    ['undefined entities stay as written', 'AT&T &bogus; 100%', 'AT&T &bogus; 100%'],
  ])('%s', (_name, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it('plainLine puts a title on one line', () => {
    expect(plainLine('Luming <em>Coffee</em>\n  news')).toBe('Luming Coffee news');
    expect(plainLine(undefined)).toBe('');
  });
});

describe('parseDate', () => {
  it.each([
    ['RFC 822', 'Wed, 05 Mar 2025 06:12:09 +0000', 'Z', '2025-03-05T06:12:09.000Z'],
    ['RFC 822 with a named zone', 'Wed, 05 Mar 2025 06:12:09 GMT', '+08:00', '2025-03-05T06:12:09.000Z'],
    ['RFC 822 without a weekday or seconds', '5 Mar 2025 14:12 +0800', 'Z', '2025-03-05T06:12:00.000Z'],
    ['RFC 822 with a two-digit year', 'Wed, 05 Mar 25 06:12:09 GMT', 'Z', '2025-03-05T06:12:09.000Z'],
    ['RFC 822 without a zone, in the default zone', 'Wed, 05 Mar 2025 09:30:00 ', '+08:00', '2025-03-05T01:30:00.000Z'],
    ['Weibo', 'Wed Mar 05 14:20:11 +0800 2025', 'Z', '2025-03-05T06:20:11.000Z'],
    ['RFC 3339', '2025-03-05T16:12:38+08:00', 'Z', '2025-03-05T08:12:38.000Z'],
    ['RFC 3339 with fractions', '2025-03-05T01:30:00.123456Z', '+08:00', '2025-03-05T01:30:00.123Z'],
    ['ISO without a zone, in the default zone', '2025-03-05 10:15:00', '+08:00', '2025-03-05T02:15:00.000Z'],
    ['ISO with a compact offset', '2025-03-05T10:15:00+0800', 'Z', '2025-03-05T02:15:00.000Z'],
    ['a date alone', '2025-03-05', '-05:00', '2025-03-05T05:00:00.000Z'],
  ])('%s', (_name, text, zone, iso) => {
    expect(new Date(parseDate(text, zone)!).toISOString()).toBe(iso);
  });

  it('gives undefined for what is no date', () => {
    expect(parseDate('yesterday')).toBeUndefined();
    expect(parseDate('Wed, 32 Mar 2025 09:30:00 GMT')).toBeUndefined();
    expect(parseDate('')).toBeUndefined();
    expect(parseDate(undefined)).toBeUndefined();
  });
});

describe('Weibo created_at, against an injected clock', () => {
  // 15:00 in China on 5 March 2025.
  const now = Date.parse('2025-03-05T07:00:00.000Z');
  const at = (text: string, clock = now) => new Date(parseWeiboDate(text, clock)!).toISOString();

  it.each([
    ['刚刚', '2025-03-05T07:00:00.000Z'],
    ['30秒前', '2025-03-05T06:59:30.000Z'],
    ['5分钟前', '2025-03-05T06:55:00.000Z'],
    ['3小时前', '2025-03-05T04:00:00.000Z'],
    ['2天前', '2025-03-03T07:00:00.000Z'],
    ['今天 09:05', '2025-03-05T01:05:00.000Z'],
    ['昨天 22:15', '2025-03-04T14:15:00.000Z'],
    ['昨天', '2025-03-04T07:00:00.000Z'],
    ['前天 08:00', '2025-03-03T00:00:00.000Z'],
    ['03-01', '2025-02-28T16:00:00.000Z'],
    ['03-01 09:05', '2025-03-01T01:05:00.000Z'],
    ['2024-06-27', '2024-06-26T16:00:00.000Z'],
    ['Wed Mar 05 14:20:11 +0800 2025', '2025-03-05T06:20:11.000Z'],
  ])('%s', (text, iso) => {
    expect(at(text)).toBe(iso);
  });

  it('uses China time around midnight UTC', () => {
    // 01:30 on 6 March in China, still 5 March in UTC: "昨天" is 5 March.
    expect(at('昨天 23:00', Date.parse('2025-03-05T17:30:00.000Z'))).toBe('2025-03-05T15:00:00.000Z');
  });

  it('puts a month-day in last year when this year would be in the future', () => {
    expect(at('12-31 23:00', Date.parse('2025-01-01T02:00:00.000Z'))).toBe('2024-12-31T15:00:00.000Z');
  });

  it('gives undefined for what it cannot read', () => {
    expect(parseWeiboDate('很久以前', now)).toBeUndefined();
  });
});

describe('Weibo counts', () => {
  it.each<[unknown, number]>([
    [27, 27],
    ['12.3万', 123_000],
    ['100万+', 1_000_000],
    ['1.5亿', 150_000_000],
    ['1,204', 1204],
    ['3w', 30_000],
    ['转发', 0],
    [null, 0],
    [-4, 0],
  ])('%s', (value, count) => {
    expect(parseCount(value)).toBe(count);
  });
});

describe('decodeBody', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);

  it('follows a byte-order mark first', () => {
    const utf16 = bytes(0xff, 0xfe, 0x3c, 0x00, 0x61, 0x00, 0x3e, 0x00);
    expect(decodeBody(utf16, 'text/xml; charset=utf-8')).toEqual({ text: '<a>', encoding: 'utf-16le' });
    expect(decodeBody(bytes(0xef, 0xbb, 0xbf, 0x41), null)).toEqual({ text: 'A', encoding: 'utf-8' });
  });

  it('keeps valid UTF-8 whatever the server claims', () => {
    expect(decodeBody(new TextEncoder().encode('café'), 'text/xml; charset=iso-8859-1')).toEqual({ text: 'café', encoding: 'utf-8' });
  });

  it('uses the XML declaration, then the Content-Type, then windows-1252', () => {
    const gbk = bytes(...new TextEncoder().encode('<?xml version="1.0" encoding="gb2312"?><t>'), 0xd6, 0xd0, 0xce, 0xc4);
    expect(decodeBody(gbk, 'text/xml; charset=utf-8')).toMatchObject({ text: '<?xml version="1.0" encoding="gb2312"?><t>中文', encoding: 'gb18030' });
    expect(decodeBody(bytes(0xd6, 0xd0, 0xce, 0xc4), 'text/xml; charset=GBK').text).toBe('中文');
    expect(decodeBody(bytes(0x63, 0x61, 0x66, 0xe9), null)).toEqual({ text: 'café', encoding: 'windows-1252' });
  });
});
