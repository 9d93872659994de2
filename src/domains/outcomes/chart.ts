// Geometry for server-rendered SVG charts (no client script): a status timeline per need, and
// grouped bars. Views draw the shapes and always give a table with the same numbers beside them.
// Colours are presentation attributes (the CSP forbids inline styles) and every state also differs
// by pattern of label, never by colour alone.

const MET = '#00703c';
const NOT_MET = '#d4351c';
const UNKNOWN = '#b1b4b6';

function days(a: string, b: string): number {
  return (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
}

export interface Lane {
  label: string;
  segments: Array<{ from: string; to: string; met: boolean | null }>;
}

export function timelineChart(lanes: readonly Lane[], from: string, to: string) {
  const left = 220;
  const width = 720;
  const plot = width - left - 10;
  const laneHeight = 28;
  const span = Math.max(1, days(from, to) + 1);
  const x = (d: string) => left + (Math.min(Math.max(days(from, d), 0), span) / span) * plot;
  const rows = lanes.map((lane, i) => ({
    label: lane.label.length > 34 ? `${lane.label.slice(0, 33)}…` : lane.label,
    y: 24 + i * laneHeight,
    rects: lane.segments.map((s) => ({
      x: Math.round(x(s.from) * 10) / 10,
      w: Math.max(1, Math.round((x(s.to) - x(s.from) + plot / span) * 10) / 10),
      fill: s.met === true ? MET : s.met === false ? NOT_MET : UNKNOWN,
      title: `${s.met === true ? 'Met' : s.met === false ? 'Need present' : 'Not known from data'}: ${s.from} to ${s.to}`,
    })),
  }));
  const ticks: Array<{ x: number; label: string }> = [];
  const startYear = Number(from.slice(0, 4));
  const endYear = Number(to.slice(0, 4));
  for (let y = startYear; y <= endYear; y++) {
    for (const m of ['01', '07']) {
      const d = `${y}-${m}-01`;
      if (d >= from && d <= to) ticks.push({ x: Math.round(x(d)), label: `${m === '01' ? 'Jan' : 'Jul'} ${y}` });
    }
  }
  return { width, height: 24 + lanes.length * laneHeight + 24, left, rows, ticks, axisY: 24 + lanes.length * laneHeight + 4, legend: { met: MET, notMet: NOT_MET, unknown: UNKNOWN } };
}

export function barChart(categories: readonly string[], series: ReadonlyArray<{ label: string; values: readonly number[]; fill: string }>) {
  const width = 720;
  const height = 260;
  const left = 70;
  const bottom = 40;
  const top = 16;
  const plotW = width - left - 10;
  const plotH = height - top - bottom;
  const all = series.flatMap((s) => s.values);
  const max = Math.max(1, ...all);
  const min = Math.min(0, ...all);
  const range = max - min || 1;
  const y = (v: number) => top + plotH - ((v - min) / range) * plotH;
  const group = plotW / Math.max(1, categories.length);
  const barW = Math.max(2, (group * 0.8) / Math.max(1, series.length));
  const bars = series.flatMap((s, si) =>
    s.values.map((v, ci) => ({
      x: Math.round((left + ci * group + group * 0.1 + si * barW) * 10) / 10,
      y: Math.round(Math.min(y(v), y(0)) * 10) / 10,
      w: Math.round(barW * 10) / 10,
      h: Math.max(0.5, Math.round(Math.abs(y(v) - y(0)) * 10) / 10),
      fill: s.fill,
      title: `${s.label}, ${categories[ci]}: ${v.toLocaleString('en-GB')}`,
    })),
  );
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const v = min + t * range;
    return { y: Math.round(y(v)), label: Math.round(v).toLocaleString('en-GB') };
  });
  const step = Math.max(1, Math.ceil(categories.length / 12));
  const labels = categories.map((c, i) => ({ x: Math.round(left + i * group + group / 2), label: i % step === 0 ? c : '' }));
  return { width, height, left, bars, ticks, labels, zeroY: Math.round(y(0)), legend: series.map((s) => ({ label: s.label, fill: s.fill })) };
}
