/** Eval results as tables for people. */
import { percent, summaryOf, type FileResult, type SystemResult } from './run.js';

function table(rows: string[][], rightAligned: (col: number) => boolean = (c) => c > 0): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const pad = (widths[i] ?? 0) - [...cell].length;
          return rightAligned(i) ? ' '.repeat(pad) + cell : cell + ' '.repeat(pad);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const indent = (text: string) => text.replace(/^/gm, '  ');
const f = (x: number) => x.toFixed(3);

function overview(r: FileResult): string {
  const rows = [['', 'accuracy', 'correct', 'macro-F1', ...(r.task === 'sentiment' ? ['decided'] : [])]];
  for (const s of [r.vigie, ...(r.lexicon ? [r.lexicon] : []), r.baseline]) {
    rows.push([
      s.name,
      percent(s.scores.accuracy),
      `${s.scores.correct}/${s.scores.total}`,
      f(s.scores.macroF1),
      ...(s.coverage !== undefined ? [percent(s.coverage)] : []),
    ]);
  }
  return table(rows);
}

function perClass(r: FileResult): string {
  const rows = [['class', 'rows', 'precision', 'recall', 'F1', '|', 'baseline P', 'R', 'F1']];
  r.vigie.scores.classes.forEach((c, i) => {
    const b = r.baseline.scores.classes[i];
    rows.push([c.label, String(c.support), f(c.precision), f(c.recall), f(c.f1), '|', f(b?.precision ?? 0), f(b?.recall ?? 0), f(b?.f1 ?? 0)]);
  });
  return table(rows, (c) => c > 0 && c !== 5);
}

/** Predictions outside the labels are shown as `und` and one `other` column (franc knows 180+ languages). */
function confusion(s: SystemResult): string {
  const { labels, predicted, matrix } = s.scores;
  const extra = predicted.filter((p) => !labels.includes(p));
  const shown = extra.length <= 2 ? predicted : [...labels, ...extra.filter((p) => p === 'und'), 'other'];
  const cell = (label: string, p: string): number =>
    p === 'other' && !predicted.includes('other')
      ? extra.filter((x) => x !== 'und').reduce((sum, x) => sum + (matrix[label]?.[x] ?? 0), 0)
      : (matrix[label]?.[p] ?? 0);
  const rows = [['label \\ predicted', ...shown]];
  for (const label of labels) rows.push([label, ...shown.map((p) => String(cell(label, p)))]);
  return table(rows);
}

export function formatFileResult(r: FileResult): string {
  const what =
    r.task === 'language'
      ? `language, candidates ${r.languages.join(' ')}`
      : `sentiment (pos/neg by the sign of the score; 0 counts as wrong)${r.languages.length ? `, hint ${r.languages[0]}` : ''}`;
  const parts = [
    `${r.name}: ${r.rows} rows, ${what}${r.skipped.length ? `, ${r.skipped.length} unreadable line(s) skipped` : ''}`,
    indent(overview(r)),
    '',
    indent(perClass(r)),
    '',
    indent(`confusion, vigie (rows: label, columns: prediction)\n${indent(confusion(r.vigie))}`),
    '',
    indent(`confusion, ${r.baseline.name}\n${indent(confusion(r.baseline))}`),
  ];
  return `${parts.join('\n')}\n`;
}

export function formatSummary(results: readonly FileResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  return `summary\n${results.map((r) => `  ${r.name.padEnd(width)}  ${summaryOf(r)}`).join('\n')}\n`;
}
