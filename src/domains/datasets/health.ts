// Feed health: when each source last delivered, whether it is late against its expected frequency,
// whether its agreement is current, and its row counts over time as a small SVG chart (with the
// same figures in a table beside it). Pure.
import { isoDate } from '../../platform/clock.ts';
import { currentAgreement } from './import.service.ts';

/** Days between expected deliveries; null when a source has no schedule. */
export const FREQUENCY_DAYS: Record<string, number | null> = { daily: 1, weekly: 7, fortnightly: 14, monthly: 31, termly: 122, quarterly: 92, annually: 366, ad_hoc: null };

/** A delivery is late once its period and a grace of a fifth of it (at least a day) have passed. */
export function lateness(frequency: string, lastDelivery: Date | null, since: Date, now: Date): { dueBy: Date | null; late: boolean; daysLate: number } {
  const days = FREQUENCY_DAYS[frequency] ?? null;
  if (days === null) return { dueBy: null, late: false, daysLate: 0 };
  const grace = Math.max(1, Math.round(days / 5));
  const from = lastDelivery ?? since;
  const dueBy = new Date(from.getTime() + (days + grace) * 86_400_000);
  const late = now.getTime() > dueBy.getTime();
  return { dueBy, late, daysLate: late ? Math.max(1, Math.ceil((now.getTime() - dueBy.getTime()) / 86_400_000)) : 0 };
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A bar chart of accepted and rejected rows per delivery, as inline SVG. */
export function rowsChartSvg(points: Array<{ label: string; accepted: number; rejected: number }>, title: string, width = 240, height = 60): string {
  if (points.length === 0) return '';
  const max = Math.max(1, ...points.map((p) => p.accepted + p.rejected));
  const gap = 2;
  const bar = Math.max(2, Math.floor((width - gap * (points.length - 1)) / points.length));
  const parts = points.map((p, i) => {
    const x = i * (bar + gap);
    const ha = Math.round((p.accepted / max) * (height - 2));
    const hr = Math.round((p.rejected / max) * (height - 2));
    return `<g><title>${escape(`${p.label}: ${p.accepted} accepted, ${p.rejected} rejected`)}</title>`
      + `<rect x="${x}" y="${height - ha}" width="${bar}" height="${ha}" fill="#00703c"/>`
      + (hr > 0 ? `<rect x="${x}" y="${height - ha - hr}" width="${bar}" height="${hr}" fill="#d4351c"/>` : '')
      + '</g>';
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" aria-label="${escape(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" focusable="false">${parts.join('')}</svg>`;
}

export interface SourceForHealth {
  id: string;
  name: string;
  organisation: string;
  kind: string;
  expected_frequency: string;
  created_at: Date;
  last_delivery_at: Date | null;
  runs: number | null;
}

export function feedHealth(
  sources: SourceForHealth[],
  deliveries: Array<{ data_source_id: string; created_at: Date; rows_total: number; rows_accepted: number; rows_rejected: number }>,
  agreements: Array<Array<{ start_date: string; end_date: string | null; review_date: string; reference: string }>>,
  now: Date,
) {
  const today = isoDate(now);
  return sources.map((s, i) => {
    const mine = deliveries.filter((d) => d.data_source_id === s.id).slice(-12);
    const last = s.last_delivery_at ? new Date(s.last_delivery_at) : null;
    const late = lateness(s.expected_frequency, last, new Date(s.created_at), now);
    const agreement = currentAgreement(agreements[i] ?? [], today);
    const points = mine.map((d) => ({ label: isoDate(new Date(d.created_at)), accepted: d.rows_accepted, rejected: d.rows_rejected }));
    return {
      ...s,
      lastDeliveryAt: last,
      ...late,
      agreement: 'agreement' in agreement ? agreement.agreement : null,
      agreementProblem: 'refusal' in agreement ? agreement.refusal : null,
      reviewOverdue: 'agreement' in agreement && agreement.agreement.review_date < today,
      points,
      chart: rowsChartSvg(points, `Rows per delivery of ${s.name}, last ${points.length}`),
    };
  });
}
