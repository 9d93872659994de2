// The demo's partner data: every source of a `hearth synth` output registered as a data source
// (organisation and kind from the manifest, a data lead contact, a current agreement, a mapping
// generated from the manifest) and its delivery imported, so feed health, runs, quarantine and
// events have real content. Delivery dates are spread back in time to match each source's
// expected frequency, with one source left late so the alert shows.
import { join } from 'node:path';
import type { Container } from '../../app/container.ts';
import { permissionsFor, type RequestContext } from '../../auth/permissions.ts';
import { withTenant } from '../../db/tenant.ts';
import { isoDate } from '../../platform/clock.ts';
import type { Manifest, SourceManifest } from '../../synth/manifest.ts';
import { readFile } from 'node:fs/promises';
import { readDelivery } from './delivery.ts';
import { mappingFromManifest } from './mapping.ts';
import type { Frequency } from './dataset.tables.ts';
import { sql } from 'kysely';

const FREQUENCY_BY_KIND: Record<string, Frequency> = { education: 'termly', police: 'weekly', youth_justice: 'monthly', dwp: 'monthly', housing: 'monthly', health: 'monthly', social_care: 'weekly' };
/** How many days ago each delivery "arrived" (the late one is well past its weekly schedule). */
const LATE_SOURCE = 'police_domestic_abuse';

function frequencyOf(src: SourceManifest): Frequency {
  return FREQUENCY_BY_KIND[src.kind] ?? (/dwp|benefit|credit/.test(src.name) ? 'monthly' : /police|social/.test(src.name) ? 'weekly' : 'monthly');
}

export async function importSynthDeliveries(container: Container, localAuthorityId: string, synthDir: string): Promise<{ sources: number; rows: number; accepted: number; rejected: number }> {
  const db = container.database.db;
  const manifest = JSON.parse(await readFile(join(synthDir, 'manifest.json'), 'utf8')) as Manifest;
  const user = await withTenant(db, localAuthorityId, (tx) => tx.selectFrom('app_user').select(['id', 'display_name', 'email']).where('role', '=', 'data_manager').orderBy('created_at').executeTakeFirst());
  const ctx: RequestContext = {
    actor: { id: user?.id ?? '00000000-0000-0000-0000-000000000000', localAuthorityId, displayName: user?.display_name ?? 'Demo loader', email: user?.email ?? 'demo@hearth.test', role: 'data_manager', teamId: null, organisation: null, permissions: permissionsFor('data_manager') },
    correlationId: 'demo-load',
  };
  const datasets = container.services.datasets;
  const now = container.clock.now();
  const year = (d: number): string => isoDate(new Date(now.getTime() + d * 86_400_000));
  let rows = 0;
  let accepted = 0;
  let rejected = 0;
  for (const src of manifest.sources) {
    const frequency = frequencyOf(src);
    const sourceId = await datasets.createSource(ctx, {
      name: src.name, organisation: src.organisation.slice(0, 200), kind: src.kind, description: `Synthetic ${src.kind} data from hearth synth (seed ${manifest.seed}).`, expectedFrequency: frequency,
      contacts: [{ role: 'Data lead', name: '', email: `data.lead@${src.name.replace(/_/g, '-')}.example`, phone: '' }, { role: 'Information governance', name: '', email: `ig@${src.name.replace(/_/g, '-')}.example`, phone: '' }],
    });
    await datasets.addAgreement(ctx, sourceId, {
      reference: `ISA-${src.name.toUpperCase().replace(/_/g, '-')}-2026`, parties: `Demo County Council; ${src.organisation}`.slice(0, 500), purposes: 'Identifying families who need whole-family support (Supporting Families); measuring their progress',
      lawfulBasis: '6(1)(e)', dataItems: `Identity (${Object.keys(src.identity).join(', ')}) and ${src.event.type.includes('.') ? src.event.type : 'coded'} events`, startDate: year(-300), reviewDate: year(65), endDate: '',
    });
    const path = join(synthDir, src.file);
    const base = mappingFromManifest(src);
    const { header, batches } = await readDelivery(path, src.format, base, 50);
    const first = await batches.next();
    await batches.return(undefined);
    const sample = first.done ? [] : first.value.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
    await datasets.saveMapping(ctx, sourceId, mappingFromManifest(src, sample), 'Generated from the synth manifest');
    const result = await datasets.imports.importDelivery({ actor: datasets.actorOf(ctx), source: { id: sourceId }, path, fileName: src.file.split('/').pop() ?? src.file, origin: 'demo' });
    rows += result.rowsTotal;
    accepted += result.rowsAccepted;
    rejected += result.rowsRejected;
    const daysAgo = src.name === LATE_SOURCE ? 20 : frequency === 'weekly' ? 3 : frequency === 'termly' ? 40 : 12;
    const at = new Date(now.getTime() - daysAgo * 86_400_000);
    await withTenant(db, localAuthorityId, (tx) => sql`update import_run set created_at = ${at}, started_at = ${at}, finished_at = ${at} where id = ${result.runId}`.execute(tx));
  }
  return { sources: manifest.sources.length, rows, accepted, rejected };
}
