// In the browser, on the demo council: a data manager runs an evaluation, watches the job, opens
// the candidates and one family's evidence, checks it before contact, puts it to a panel, records
// an attendee and allocates it; the case then waits for a keyworker. axe-core checks every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { CheckedBrowser, startHearth, type Hearth } from './support.ts';
import { withSystem } from '../../src/db/tenant.ts';
import { isoDate } from '../../src/platform/clock.ts';
import { addDays } from '../../src/domains/frameworks/rules.ts';
import { insertEvents } from '../support/events.ts';

let hearth: Hearth;
let browser: CheckedBrowser;
let familyName = '';

before(async () => {
  hearth = await startHearth();
  browser = await CheckedBrowser.open(hearth.baseUrl);
  // The demo council's people have no partner records loaded: give one family without a case three needs.
  const db = hearth.container.database.db;
  const today = isoDate(hearth.container.clock.now());
  const found = await withSystem(db, async (tx) => {
    const rows = await sql<{ la: string; family: string; name: string; adult: string; child: string }>`
      select fu.local_authority_id as la, fu.id as family, fu.name,
        (select m.person_id from membership m join person p on p.id = m.person_id and p.local_authority_id = m.local_authority_id where m.family_unit_id = fu.id and m.role = 'parent' and m.to_date is null and p.date_of_birth < ${addDays(today, -365 * 20)}::date limit 1) as adult,
        (select m.person_id from membership m join person p on p.id = m.person_id and p.local_authority_id = m.local_authority_id where m.family_unit_id = fu.id and m.role = 'child' and m.to_date is null and p.date_of_birth > ${addDays(today, -365 * 15)}::date limit 1) as child
      from family_unit fu join local_authority la on la.id = fu.local_authority_id
      where la.code = 'DEMO' and not exists (select 1 from support_case sc where sc.family_unit_id = fu.id)
      order by fu.reference`.execute(tx);
    return rows.rows.find((r) => r.adult && r.child);
  });
  assert.ok(found, 'a demo family with a parent and a child');
  familyName = found.name;
  await insertEvents(db, found.la, [
    { type: 'police.domestic_abuse_incident', on: addDays(today, -40), personId: found.adult, source: 'Northmoor Constabulary', attributes: { role: 'victim', risk: 'high' } },
    { type: 'housing.rent_arrears', on: addDays(today, -60), personId: found.adult, source: 'Northmoor Homes', attributes: { arrears_balance: 1200 } },
    { type: 'csc.child_in_need', on: addDays(today, -90), personId: found.child, source: "Children's Social Care", attributes: { primary_need: 'abuse or neglect' } },
  ]);
});
after(async () => {
  await browser?.close();
  await hearth?.close();
});

void test('run an evaluation, see candidates, open one, put it to a panel and allocate', async () => {
  const { page } = browser;
  await browser.signIn('data@demo.hearth.test');
  await browser.goto('/identify');
  await page.getByLabel('Framework').selectOption({ label: 'Supporting Families 2022 to 2025 (version 1)' });
  await browser.navigate(() => page.locator('[data-qa="evaluate"]').click());
  assert.match(new URL(page.url()).pathname, /^\/jobs\//);
  // The job page refreshes itself; wait until it offers the results.
  await page.getByRole('button', { name: 'View the results' }).waitFor({ timeout: 60_000 });
  await browser.checkAccessibility();
  await browser.navigate(() => page.getByRole('button', { name: 'View the results' }).click());
  assert.match(await page.locator('h1').textContent() ?? '', /Supporting Families/);
  await browser.navigate(() => page.locator('[data-qa="candidates-link"]').click());
  // The demo's own imported records may add candidates; ours is among the highest priority.
  assert.match(await page.locator('[data-qa="candidate-count"]').textContent() ?? '', /\d+ famil(y|ies) meets?/);
  await browser.navigate(() => page.locator('[data-qa="candidates"] a', { hasText: familyName }).click());
  assert.match(await page.locator('h1').textContent() ?? '', new RegExp(familyName));
  assert.ok(await page.locator('[data-qa="evidence"]').count() >= 3);
  await browser.navigate(() => page.locator('[data-qa="check"]').click());
  assert.match(await page.locator('[data-qa="check-result"]').textContent() ?? '', /No change/);
  await browser.navigate(() => page.getByRole('link', { name: 'Candidate families' }).click());
  await page.getByLabel(`Put ${familyName} to a panel`).check();
  await page.getByLabel('Panel', { exact: true }).fill('June panel');
  await browser.navigate(() => page.locator('[data-qa="to-panel"]').click());
  await page.getByLabel('Name', { exact: true }).fill('Sam School');
  await page.getByLabel('Agency', { exact: true }).fill('Riverside Primary');
  await browser.navigate(() => page.locator('[data-qa="add-attendee"]').click());
  assert.match(await page.locator('[data-qa="attendees"]').textContent() ?? '', /Sam School/);
  const card = page.locator('[data-qa="panel-family"]').first();
  await card.getByLabel('Allocate to a team').check();
  await card.getByLabel('Tier, if allocated').selectOption('intensive');
  await card.getByLabel('Team, if allocated').selectOption({ label: 'North Family Support' });
  await card.getByLabel('Reasons').fill('Police, housing and social care agree a keyworker is needed');
  await browser.navigate(() => card.locator('[data-qa="decide"]').click());
  assert.match(await page.locator('[data-qa="decision"]').textContent() ?? '', /awaits a keyworker/);
  await browser.goto('/identify/panels');
  await browser.signOut();
  await browser.signIn('manager@demo.hearth.test');
  await browser.goto('/team');
  assert.match(await page.locator('[data-qa="awaiting"]').textContent() ?? '', new RegExp(familyName));
  await browser.signOut();
});
