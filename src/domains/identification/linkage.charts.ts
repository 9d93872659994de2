// Geometry for the linkage pages' server-rendered SVG charts: the histogram of match weights of a
// run (bars coloured by band: below review, review, automatic link) and the waterfall of a pair's
// match weight (the prior, then each field's contribution, to the total). Each has a table too.
import type { PairExplanation } from './matching/index.ts';
import type { HistogramBin } from './linkage.engine.ts';

export const FIELD_LABELS: Record<string, string> = {
  given_name: 'Given name', family_name: 'Family name', date_of_birth: 'Date of birth', sex: 'Sex', postcode: 'Postcode', address: 'Address',
  uprn: 'UPRN', nhs_number: 'NHS number', upn: 'UPN', ni_number: 'NI number',
};
export const BAND_COLOURS = { below: '#b1b4b6', review: '#f47738', auto: '#00703c' } as const;
export const BAND_LABELS = { below: 'Below review', review: 'Review', auto: 'Linked automatically' } as const;

export interface HistogramChart {
  width: number;
  height: number;
  bars: Array<{ x: number; y: number; w: number; h: number; colour: string; title: string }>;
  ticks: Array<{ y: number; value: number }>;
  labels: Array<{ x: number; text: string }>;
  rows: Array<{ range: string; count: number; band: string }>;
  summary: string;
  total: number;
}

function niceMax(n: number): number {
  if (n <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

const range = (b: HistogramBin, first: boolean, last: boolean): string =>
  first ? `below ${b.to}` : last ? `${b.from} or more` : `${b.from} to ${b.to}`;

export function histogramChart(bins: HistogramBin[]): HistogramChart {
  const width = 720, height = 260, left = 56, right = 10, top = 10, bottom = 40;
  const plotW = width - left - right, plotH = height - top - bottom;
  const total = bins.reduce((a, b) => a + b.count, 0);
  const max = niceMax(Math.max(0, ...bins.map((b) => b.count)));
  const step = plotW / Math.max(1, bins.length);
  const bars = bins.map((b, i) => {
    const h = (b.count / max) * plotH;
    return { x: left + i * step + 1, y: top + plotH - h, w: Math.max(1, step - 2), h, colour: BAND_COLOURS[b.band], title: `${range(b, i === 0, i === bins.length - 1)} bits: ${b.count} pairs (${BAND_LABELS[b.band]})` };
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ y: top + plotH - f * plotH, value: Math.round(f * max) }));
  const labels = bins.filter((_, i) => i % 2 === 0).map((b) => ({ x: left + bins.indexOf(b) * step, text: String(b.from) }));
  const rows = bins.map((b, i) => ({ range: range(b, i === 0, i === bins.length - 1), count: b.count, band: BAND_LABELS[b.band] }));
  const inBand = (band: HistogramBin['band']) => bins.filter((b) => b.band === band).reduce((a, b) => a + b.count, 0);
  const summary = `${total.toLocaleString('en-GB')} scored pairs: ${inBand('auto').toLocaleString('en-GB')} at or above the automatic-link weight, ${inBand('review').toLocaleString('en-GB')} in the review band, ${inBand('below').toLocaleString('en-GB')} below it.`;
  return { width, height, bars, ticks, labels, rows, summary, total };
}

export interface WaterfallChart {
  width: number;
  height: number;
  zeroX: number;
  steps: Array<{ label: string; detail: string; value: number; from: number; to: number; x: number; w: number; y: number; colour: string; total: boolean }>;
  axis: Array<{ x: number; value: number }>;
  lines: Array<{ x: number; label: string; colour: string }>;
  summary: string;
}

/** The waterfall: the prior, then each field with evidence, then the guard cap if any, then the match weight. */
export function waterfallChart(ex: PairExplanation, thresholds: { auto: number; review: number }): WaterfallChart {
  const raw: Array<{ label: string; detail: string; value: number; total?: boolean }> = [{ label: 'Prior', detail: 'two records drawn at random', value: ex.prior }];
  for (const f of ex.fields) {
    if (f.level < 0) continue;
    raw.push({ label: FIELD_LABELS[f.field] ?? f.field, detail: f.label + (f.tfAdjustment ? ` (frequency ${f.tfAdjustment > 0 ? '+' : ''}${f.tfAdjustment.toFixed(1)})` : ''), value: f.weight });
  }
  const sum = raw.reduce((a, r) => a + r.value, 0);
  if (ex.guard && Math.abs(sum - ex.matchWeight) > 1e-6) raw.push({ label: 'Household guard', detail: ex.guard, value: ex.matchWeight - sum });
  raw.push({ label: 'Match weight', detail: `probability ${(ex.matchProbability * 100).toFixed(1)}%`, value: ex.matchWeight, total: true });
  let running = 0;
  const spans = raw.map((r) => {
    const from = r.total ? 0 : running;
    const to = r.total ? r.value : running + r.value;
    if (!r.total) running = to;
    return { ...r, from, to };
  });
  const lo = Math.min(0, thresholds.review, ...spans.map((s) => Math.min(s.from, s.to))) - 1;
  const hi = Math.max(0, thresholds.auto, ...spans.map((s) => Math.max(s.from, s.to))) + 1;
  const width = 720, left = 10, right = 10, rowH = 26, top = 24;
  const height = top + spans.length * rowH + 24;
  const scale = (v: number) => left + ((v - lo) / (hi - lo)) * (width - left - right);
  const steps = spans.map((s, i) => ({
    label: s.label, detail: s.detail, value: s.value, from: s.from, to: s.to, total: s.total ?? false,
    x: scale(Math.min(s.from, s.to)), w: Math.max(1, Math.abs(scale(s.to) - scale(s.from))), y: top + i * rowH + 4,
    colour: s.total ? '#0b0c0c' : s.value >= 0 ? '#00703c' : '#d4351c',
  }));
  const stepSize = hi - lo > 40 ? 10 : 5;
  const axis: Array<{ x: number; value: number }> = [];
  for (let v = Math.ceil(lo / stepSize) * stepSize; v <= hi; v += stepSize) axis.push({ x: scale(v), value: v });
  const lines = [
    { x: scale(thresholds.review), label: 'review', colour: '#f47738' },
    { x: scale(thresholds.auto), label: 'automatic link', colour: '#00703c' },
  ];
  const sign = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}`;
  const top3 = [...steps].filter((s) => !s.total && s.label !== 'Prior').sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, 3);
  const summary = `Prior ${sign(ex.prior)} bits; largest contributions ${top3.map((s) => `${s.label} ${sign(s.value)}`).join(', ')}; match weight ${sign(ex.matchWeight)} bits (probability ${(ex.matchProbability * 100).toFixed(1)}%).`;
  return { width, height, zeroX: scale(0), steps, axis, lines, summary };
}
