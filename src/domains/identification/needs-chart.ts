// Geometry for the needs-over-time chart: one bar a month, its height the number of needs met
// then, darker when the family met the family rule; and the table alternative, headline by month.
import type { HeadlineDef } from '../frameworks/rule.types.ts';

export interface SeriesPoint {
  date: string;
  needs: string[];
  headlines: string[];
  eligible: boolean;
}

export interface NeedsChart {
  width: number;
  height: number;
  max: number;
  bars: Array<{ x: number; y: number; w: number; h: number; eligible: boolean; label: string; date: string; needs: number }>;
  ticks: Array<{ y: number; value: number }>;
  labels: Array<{ x: number; text: string }>;
  rows: Array<{ headline: string; cells: boolean[] }>;
  summary: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const monthLabel = (iso: string): string => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(2, 4)}`;

export function needsChart(series: SeriesPoint[], headlines: HeadlineDef[]): NeedsChart {
  const width = 720, height = 240, left = 40, bottom = 30, top = 10;
  const max = Math.max(3, ...series.map((s) => s.needs.length));
  const plotW = width - left - 10, plotH = height - top - bottom;
  const step = plotW / Math.max(1, series.length);
  const bars = series.map((s, i) => {
    const h = (s.needs.length / max) * plotH;
    return { x: left + i * step + step * 0.15, y: top + plotH - h, w: step * 0.7, h, eligible: s.eligible, label: monthLabel(s.date), date: s.date, needs: s.needs.length };
  });
  const ticks = Array.from({ length: max + 1 }, (_, v) => ({ y: top + plotH - (v / max) * plotH, value: v }));
  const every = Math.ceil(series.length / 12);
  const labels = bars.filter((_, i) => i % every === 0 || i === bars.length - 1).map((b) => ({ x: b.x + b.w / 2, text: b.label }));
  const used = headlines.filter((h) => series.some((s) => s.headlines.includes(h.code)));
  const rows = used.map((h) => ({ headline: h.name, cells: series.map((s) => s.headlines.includes(h.code)) }));
  const first = series[0], last = series.at(-1);
  const summary = first && last ? `${first.needs.length} need${first.needs.length === 1 ? '' : 's'} in ${monthLabel(first.date)}, ${last.needs.length} in ${monthLabel(last.date)}${last.eligible ? '; the family meets the family rule now' : ''}.` : 'No data.';
  return { width, height, max, bars, ticks, labels, rows, summary };
}
