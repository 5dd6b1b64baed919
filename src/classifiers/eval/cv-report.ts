/** Cross-validation results as tables for people. */
import { spread, type FoldFigures, type LanguageCv } from './cv.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function cell(values: readonly (number | undefined)[], asPercent: boolean): string {
  const xs = values.filter((v): v is number => v !== undefined);
  if (xs.length === 0) return '-';
  const s = spread(xs);
  return asPercent
    ? `${pct(s.mean)} ± ${(s.sd * 100).toFixed(1)} (${(s.min * 100).toFixed(1)}..${(s.max * 100).toFixed(1)})`
    : `${s.mean.toFixed(3)} ± ${s.sd.toFixed(3)}`;
}

function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((row) => row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('   ').trimEnd()).join('\n');
}

function one(f: FoldFigures): string {
  return `binary accuracy ${pct(f.binaryAccuracy)}, macro-F1 ${f.binaryMacroF1.toFixed(3)}`;
}

export function formatCv(r: LanguageCv): string {
  const three = r.classes.includes('neu');
  const head = ['', 'binary accuracy, mean ± sd (min..max)', 'binary macro-F1'];
  if (three) head.push('3-class accuracy', '3-class macro-F1');
  const rows = [head];
  for (const s of r.systems) {
    const row = [s.name, cell(s.folds.map((f) => f.binaryAccuracy), true), cell(s.folds.map((f) => f.binaryMacroF1), false)];
    if (three) row.push(cell(s.folds.map((f) => f.accuracy3), true), cell(s.folds.map((f) => f.macroF13), false));
    rows.push(row);
  }
  const counts = `pos ${r.counts.pos}, neg ${r.counts.neg}${r.counts.neu ? `, neu ${r.counts.neu}` : ''}`;
  const lines = [
    `${r.lang}: ${r.k}-fold cross-validation over ${r.sources.join(' + ')}, ${r.rows} rows (${counts}), classes ${r.classes.join('/')}; ` +
      `hyper-parameters chosen inside each fold; ${r.seconds.toFixed(0)} s`,
    table(rows).replace(/^/gm, '  '),
  ];
  if (r.heldOut) lines.push(`  held out: trained on the training file (${r.heldOut.trainRows} rows), measured on dev (${r.heldOut.devRows} rows): ${one(r.heldOut)}`);
  if (r.shippedOnDev) lines.push(`  shipped model on dev (in-sample: it was trained on these rows): ${one(r.shippedOnDev)}`);
  lines.push(`  chosen per fold: ${r.chosen.map((p) => `${p.epochs} epochs, l2 ${p.l2}${p.related > 0 ? `, related ×${p.related}` : ''}`).join('; ')}`);
  return `${lines.join('\n')}\n`;
}

/** One line per language: the cross-validated figure beside the two baselines. */
export function formatCvSummary(results: readonly LanguageCv[]): string {
  const rows = [['language', 'rows', 'vigie model (CV)', 'lexicon scorer', 'natural alone', 'held out (train → dev)']];
  for (const r of results) {
    const [model] = r.systems;
    const lexicon = r.systems.find((s) => s.name.startsWith('lexicon'));
    const natural = r.systems.find((s) => s.name.startsWith('natural'));
    rows.push([
      r.lang,
      String(r.rows),
      cell(model?.folds.map((f) => f.binaryAccuracy) ?? [], true),
      cell(lexicon?.folds.map((f) => f.binaryAccuracy) ?? [], true),
      cell(natural?.folds.map((f) => f.binaryAccuracy) ?? [], true),
      r.heldOut ? pct(r.heldOut.binaryAccuracy) : '-',
    ]);
  }
  return `cross-validated binary accuracy (pos/neg)\n${table(rows).replace(/^/gm, '  ')}\n`;
}
