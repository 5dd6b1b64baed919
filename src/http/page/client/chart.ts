/**
 * The incident chart as inline SVG. Top panel: posts, negative and crisis posts per minute. Bottom
 * panel, when the rule sums a metric over a window: that sum at every minute against the threshold
 * (and critical threshold, or baseline) the rule compared it with. Vertical markers for opened,
 * escalated, acknowledged, resolved. A cursor shows the figures of the minute under the pointer.
 */
import type { ChartPoint, IncidentChart } from './api-types.js';
import { fill, h, s } from './dom.js';
import { fmtNum, fmtSpan, hhmm, zoneName } from './format.js';

function niceMax(v: number): number {
  if (!(v > 0)) return 4;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
function pathOf(values: readonly number[], x: (i: number) => number, y: (v: number) => number): string {
  return values.map((v, i) => (i ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1)).join(' ');
}

/** A reference line of the bottom panel: its value, its CSS class, its label. */
type RefLine = [value: number | undefined, cls: string, label: string];

export function renderChart(box: HTMLElement, chart: IncidentChart): void {
  const pts = chart.points;
  fill(box);
  const first = pts[0];
  if (!first) {
    box.append(h('div', { class: 'empty' }, 'No data for this period.'));
    return;
  }
  const W = Math.max(280, box.clientWidth || 640);
  const watched = chart.watched;
  const left = 44, right = watched ? 86 : 14, top = 22;
  const h1 = W < 500 ? 120 : 150, gap = watched ? 40 : 0, h2 = watched ? (W < 500 ? 80 : 96) : 0, bottom = 24;
  const H = top + h1 + gap + h2 + bottom;
  const n = pts.length;
  const dx = n > 1 ? (W - left - right) / (n - 1) : 0;
  const x = (i: number): number => left + i * dx;
  const xt = (t: number): number => left + ((t - first.t) / chart.stepMs) * dx;
  const max1 = niceMax(Math.max(...pts.map((p) => Math.max(p.posts, p.neg, p.crisis))));
  const y1 = (v: number): number => top + h1 - (v / max1) * h1;
  const svg = s('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img', 'aria-label': 'Posts, negative posts and crisis posts per minute' + (watched ? ', and ' + watched.label + ' per window against the threshold' : '') });

  // Panel 1: per minute.
  svg.append(s('text', { x: left, y: 12 }, 'per minute'));
  for (const f of [0, 0.5, 1]) {
    const yy = y1(max1 * f);
    svg.append(s('line', { class: 'grid-line', x1: left, x2: W - right, y1: yy, y2: yy }), s('text', { x: left - 6, y: yy + 4, 'text-anchor': 'end' }, fmtNum(max1 * f)));
  }
  const base = y1(0).toFixed(1);
  const area = (key: keyof ChartPoint): string => pathOf(pts.map((p) => p[key]), x, y1) + ' L' + x(n - 1).toFixed(1) + ' ' + base + ' L' + x(0).toFixed(1) + ' ' + base + ' Z';
  // Areas for volume and negatives, a line for crisis posts: all three stay visible when they coincide.
  svg.append(
    s('path', { class: 'area-vol', d: area('posts') }),
    s('path', { class: 'area-neg', d: area('neg') }),
    s('path', { class: 'line-neg', d: pathOf(pts.map((p) => p.neg), x, y1) }),
    s('path', { class: 'line-crisis', d: pathOf(pts.map((p) => p.crisis), x, y1) }));

  // Panel 2: the watched sum against its lines.
  if (watched) {
    const t2 = top + h1 + gap;
    const refs = [watched.threshold, watched.critical, watched.baseline].filter((v): v is number => v !== undefined && v !== null);
    const max2 = niceMax(Math.max(...watched.values.concat(refs)) * 1.1);
    const y2 = (v: number): number => t2 + h2 - (v / max2) * h2;
    svg.append(s('text', { x: left, y: t2 - 8 }, watched.label + ' per ' + fmtSpan(watched.windowMs) + ' (what the rule compares)'));
    for (const f of [0, 0.5, 1]) {
      const yy = y2(max2 * f);
      svg.append(s('line', { class: 'grid-line', x1: left, x2: W - right, y1: yy, y2: yy }), s('text', { x: left - 6, y: yy + 4, 'text-anchor': 'end' }, fmtNum(max2 * f)));
    }
    const lines: RefLine[] = [[watched.baseline, 'baseline', 'baseline'], [watched.threshold, 'threshold', 'threshold']];
    if (watched.critical !== watched.threshold) lines.push([watched.critical, 'threshold critical', 'critical']);
    // Labels to the right of their line, pushed apart when two lines are close.
    let lastLabel = Infinity;
    lines
      .filter((l): l is [number, string, string] => l[0] !== undefined && l[0] !== null)
      .sort((a, b) => a[0] - b[0])
      .forEach(([value, cls, label]) => {
        const yy = y2(value);
        const ly = Math.min(yy + 4, lastLabel - 13);
        lastLabel = ly;
        svg.append(s('line', { class: cls, x1: left, x2: W - right, y1: yy, y2: yy }), s('text', { x: W - right + 6, y: ly, class: 'ref-label' }, label + ' ' + fmtNum(value)));
      });
    svg.append(s('path', { class: 'line-watch', d: pathOf(watched.values, x, y2) }));
  }

  // Time axis: a label every 5, 10, 15, 30, 60... minutes, about six across.
  const minutes = n;
  const every = [5, 10, 15, 30, 60, 120, 180, 360].find((m) => minutes / m <= (W < 500 ? 4 : 7)) || 720;
  pts.forEach((p, i) => {
    if (Math.round(p.t / 60000) % every !== 0) return;
    svg.append(s('text', { x: x(i), y: H - 6, 'text-anchor': 'middle' }, hhmm(p.t)));
  });

  // Markers across both panels, named above the chart unless too close to the previous name.
  let lastName = -Infinity;
  for (const m of chart.markers) {
    const xx = xt(m.t);
    if (xx < left - 1 || xx > W - right + 1) continue;
    svg.append(s('line', { class: 'marker ' + m.kind, x1: xx, x2: xx, y1: top - 2, y2: H - bottom }, s('title', null, m.label + ' at ' + hhmm(m.t) + ' ' + zoneName(m.t))));
    if (xx - lastName > 70 && xx > left + 70) {
      svg.append(s('text', { x: xx, y: 12, 'text-anchor': 'middle', class: 'marker-label ' + m.kind }, m.kind));
      lastName = xx;
    }
  }

  // Cursor and tooltip.
  const cursor = s('line', { class: 'cursor', x1: 0, x2: 0, y1: top, y2: H - bottom, visibility: 'hidden' });
  const overlay = s('rect', { x: left, y: top, width: Math.max(1, W - left - right), height: H - top - bottom, fill: 'transparent' });
  svg.append(cursor, overlay);
  const tip = h('div', { class: 'tip', hidden: true });
  const move = (e: PointerEvent): void => {
    const r = svg.getBoundingClientRect();
    const px = ((e.clientX - r.left) / r.width) * W;
    const i = Math.max(0, Math.min(n - 1, Math.round((px - left) / (dx || 1))));
    const p = pts[i] ?? first;
    cursor.setAttribute('x1', String(x(i)));
    cursor.setAttribute('x2', String(x(i)));
    cursor.setAttribute('visibility', 'visible');
    fill(tip, h('div', null, h('b', null, hhmm(p.t) + ' ' + zoneName(p.t))),
      h('div', null, 'posts ' + fmtNum(p.posts) + ' · negative ' + fmtNum(p.neg) + ' · crisis ' + fmtNum(p.crisis)),
      watched ? h('div', null, watched.label + ' / ' + fmtSpan(watched.windowMs) + ': ' + fmtNum(watched.values[i])) : null);
    tip.hidden = false;
    const tx = (x(i) / W) * r.width;
    tip.style.left = Math.min(Math.max(0, tx + 12), Math.max(0, r.width - tip.offsetWidth)) + 'px';
    tip.style.top = '0px';
  };
  overlay.addEventListener('pointermove', move);
  overlay.addEventListener('pointerdown', move);
  overlay.addEventListener('pointerleave', () => {
    cursor.setAttribute('visibility', 'hidden');
    tip.hidden = true;
  });
  box.append(svg, tip);
}

export function chartLegend(chart: IncidentChart): HTMLDivElement {
  const item = (key: string, text: string): HTMLSpanElement => h('span', null, h('i', { class: 'lg-' + key }), text);
  const w = chart.watched;
  return h('div', { class: 'legend' },
    item('vol', 'posts'), item('neg', 'negative'), item('crisis', 'crisis posts'),
    w ? item('watch', w.label + ' / ' + fmtSpan(w.windowMs)) : null,
    w && w.threshold !== undefined ? item('threshold', 'threshold') : null,
    w && w.critical !== undefined && w.critical !== w.threshold ? item('critical', 'critical') : null,
    w && w.baseline !== undefined ? item('baseline', 'baseline') : null);
}
