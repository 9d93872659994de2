// Star-style scaled measures compared baseline to latest, and drawn as a server-rendered SVG
// (a table beside it carries the same figures for anyone who cannot see the chart).
import type { ScaleDimension } from './assessment.tables.ts';

export interface Score {
  dimension_key: string;
  rater: 'worker' | 'family';
  score: number;
  scored_on: string;
}

export interface DimensionComparison {
  key: string;
  label: string;
  worker: { baseline: number | null; latest: number | null; baselineOn: string | null; latestOn: string | null };
  family: { baseline: number | null; latest: number | null; baselineOn: string | null; latestOn: string | null };
}

function firstLast(scores: Score[]) {
  if (scores.length === 0) return { baseline: null, latest: null, baselineOn: null, latestOn: null };
  const sorted = [...scores].sort((a, b) => a.scored_on.localeCompare(b.scored_on));
  const first = sorted[0] as Score;
  const last = sorted.at(-1) as Score;
  return { baseline: first.score, latest: last.score, baselineOn: first.scored_on, latestOn: last.scored_on };
}

export function compareScores(scores: readonly Score[], dimensions: readonly ScaleDimension[]): DimensionComparison[] {
  return dimensions.map((d) => ({
    key: d.key,
    label: d.label,
    worker: firstLast(scores.filter((s) => s.dimension_key === d.key && s.rater === 'worker')),
    family: firstLast(scores.filter((s) => s.dimension_key === d.key && s.rater === 'family')),
  }));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Horizontal bars per dimension: baseline (light) and latest (dark) for one rater. */
export function comparisonSvg(rows: readonly DimensionComparison[], rater: 'worker' | 'family', max: number, title: string): string {
  const labelWidth = 190;
  const barWidth = 300;
  const rowHeight = 34;
  const height = rows.length * rowHeight + 40;
  const width = labelWidth + barWidth + 60;
  const scale = (v: number) => Math.round((v / max) * barWidth);
  const parts: string[] = [`<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>`];
  rows.forEach((r, i) => {
    const y = 10 + i * rowHeight;
    const v = r[rater];
    parts.push(`<text x="0" y="${y + 16}" font-size="13" fill="#0b0c0c">${esc(r.label)}</text>`);
    if (v.baseline !== null) parts.push(`<rect x="${labelWidth}" y="${y + 2}" width="${scale(v.baseline)}" height="10" fill="#b1b4b6"/>`);
    if (v.latest !== null) parts.push(`<rect x="${labelWidth}" y="${y + 14}" width="${scale(v.latest)}" height="10" fill="#1d70b8"/><text x="${labelWidth + scale(v.latest) + 6}" y="${y + 23}" font-size="12" fill="#0b0c0c">${v.latest}</text>`);
  });
  const ly = height - 14;
  parts.push(`<rect x="${labelWidth}" y="${ly - 9}" width="12" height="10" fill="#b1b4b6"/><text x="${labelWidth + 16}" y="${ly}" font-size="12" fill="#0b0c0c">First score</text>`);
  parts.push(`<rect x="${labelWidth + 110}" y="${ly - 9}" width="12" height="10" fill="#1d70b8"/><text x="${labelWidth + 126}" y="${ly}" font-size="12" fill="#0b0c0c">Latest score</text>`);
  parts.push('</svg>');
  return parts.join('');
}
