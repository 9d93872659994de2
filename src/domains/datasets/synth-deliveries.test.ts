// The demo's deliveries: every synth source registered, mapped from its manifest and imported.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestContainer, type TestContainer } from '../../../test/support/database.ts';
import { createCouncil, type TestCouncil } from '../../../test/support/factories.ts';
import { permissionsFor, type RequestContext } from '../../auth/permissions.ts';
import { importSynthDeliveries } from './synth-deliveries.ts';

let harness: TestContainer;
let council: TestCouncil;
const dir = mkdtempSync(join(tmpdir(), 'hearth-synth-'));
after(() => rmSync(dir, { recursive: true, force: true }));

before(async () => {
  const synth = await import('../../cli/synth.ts');
  assert.equal(await synth.default(['--people', '300', '--seed', '7', '--out', dir, '--quiet']), 0);
  harness = await createTestContainer();
  council = await createCouncil(harness.container.database.db, 'SYN');
});
after(async () => {
  await harness.close();
});

void test('every synth source lands with a current agreement, a mapping, accepted rows and quarantine', async () => {
  const summary = await importSynthDeliveries(harness.container, council.id, dir);
  assert.ok(summary.sources >= 10);
  assert.ok(summary.accepted > summary.rejected * 3, JSON.stringify(summary));
  assert.ok(summary.rejected > 0);
  const ctx: RequestContext = { actor: { id: council.users.data.id, localAuthorityId: council.id, displayName: 'D', email: 'd@x.test', role: 'data_manager', teamId: null, organisation: null, permissions: permissionsFor('data_manager') }, correlationId: 't' };
  const health = await harness.container.services.datasets.listSources(ctx);
  assert.equal(health.length, summary.sources);
  assert.ok(health.every((s) => s.agreement !== null));
  // A small county can leave a source with no rows at all: that delivery is refused as empty.
  for (const s of health.filter((h) => h.lastDeliveryAt === null)) {
    const { runs } = await harness.container.services.datasets.source(ctx, s.id);
    assert.match(runs[0]?.error ?? '', /no data rows/, s.name);
  }
  assert.ok(health.filter((s) => s.lastDeliveryAt !== null).length >= 8);
  assert.ok(health.find((s) => s.name === 'police_domestic_abuse')?.late);
});
