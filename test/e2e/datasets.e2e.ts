// In the browser, on the demo council: a data manager registers a source, records its agreement,
// defines its mapping from a sample with a preview, uploads a delivery, watches the job, sees the
// quarantine and corrects a row. axe-core checks every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckedBrowser, startHearth, type Hearth } from './support.ts';
import { GOOD_ROWS, HEADER } from '../../src/domains/datasets/fixtures.ts';

let hearth: Hearth;
let browser: CheckedBrowser;
const dir = mkdtempSync(join(tmpdir(), 'hearth-e2e-data-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const delivery = join(dir, 'csc-week-1.csv');
writeFileSync(delivery, [HEADER, ...GOOD_ROWS, 'R3,9434765918,,Ann,Fix,01/01/2010,F,NM4 4DB,CIN,01/02/2024,,'].join('\n') + '\n');

before(async () => {
  hearth = await startHearth();
  browser = await CheckedBrowser.open(hearth.baseUrl);
});
after(async () => {
  await browser?.close();
  await hearth?.close();
});

void test('register a source and agreement, map it, upload a delivery, see the quarantine and correct a row', async () => {
  const { page } = browser;
  await browser.signIn('data@demo.hearth.test');
  await browser.goto('/data');
  assert.match(await page.locator('[data-qa="late-alert"]').textContent() ?? '', /police_domestic_abuse/);
  await browser.navigate(() => page.getByRole('button', { name: 'Register a data source' }).click());
  await page.getByLabel('Short name').fill('csc_e2e');
  await page.getByLabel('Organisation that sends it').fill("Children's services");
  await page.getByLabel('Kind of data').fill('social care');
  await page.getByLabel('How often it should arrive').selectOption('weekly');
  await page.getByLabel('Role', { exact: true }).first().fill('Data lead');
  await browser.navigate(() => page.locator('[data-qa="save-source"]').click());
  assert.match(await page.locator('[data-qa="refusal"]').textContent() ?? '', /no data-sharing agreement/);

  await browser.navigate(() => page.getByRole('button', { name: 'Record an agreement' }).click());
  await page.getByLabel('Agreement reference').fill('ISA-E2E');
  await page.getByLabel('Parties').fill("Demo County Council; Children's services");
  await page.getByLabel('Purposes').fill('Supporting Families');
  await page.getByLabel('Article 6(1)(e) public task').check();
  await page.getByLabel('Data items shared').fill('Identity and episodes');
  await page.getByLabel('Start date').fill('2026-01-01');
  await page.getByLabel('Review date').fill('2030-01-01');
  await browser.navigate(() => page.locator('[data-qa="save-agreement"]').click());

  await browser.navigate(() => page.getByRole('button', { name: 'Define the mapping' }).click());
  await page.getByLabel('Sample delivery for the preview').setInputFiles(delivery);
  await browser.navigate(() => page.getByRole('button', { name: 'Read the sample' }).click());
  await page.locator('#id_record_id').selectOption('Ref');
  await page.locator('#id_nhs_number').selectOption('NHSNo');
  await page.locator('#id_upn').selectOption('UPN');
  await page.locator('#id_given_name').selectOption('Forename');
  await page.locator('#id_family_name').selectOption('Surname');
  await page.locator('#id_date_of_birth').selectOption('DOB');
  await page.locator('#id_sex').selectOption('Sex');
  await page.locator('#id_postcode').selectOption('Postcode');
  await page.locator('#dateFormat').fill('DD/MM/YYYY');
  await page.locator('#eventType').fill('Type');
  await page.locator('#eventDate').fill('Start');
  await page.locator('#eventEndDate').fill('End');
  await page.locator('#codes').fill('Type: CIN = csc.child_in_need\nType: CPP = csc.child_protection_plan');
  await browser.navigate(() => page.locator('[data-qa="preview"]').click());
  assert.match(await page.locator('[data-qa="preview-table"]').textContent() ?? '', /csc\.child_protection_plan on 2024-09-13/);
  await browser.navigate(() => page.locator('[data-qa="save-mapping"]').click());

  await browser.navigate(() => page.getByRole('button', { name: 'Upload a delivery' }).click());
  await page.getByLabel('Delivered file').setInputFiles(delivery);
  // The job page reloads itself until the import is done: check it once it has settled.
  await Promise.all([page.waitForURL(/\/jobs\//), page.locator('[data-qa="upload"]').click()]);
  await page.getByRole('button', { name: 'View the results' }).waitFor({ timeout: 60_000 });
  await browser.checkAccessibility();
  // The import queued linkage for its records: follow it to its end too.
  const importJob = new URL(page.url()).pathname;
  assert.match(await page.locator('.govuk-panel').textContent() ?? '', /Linkage is queued to link the new records to people/);
  await browser.navigate(() => page.locator('[data-qa="follow-up"]').click());
  await page.getByRole('button', { name: 'View the results' }).waitFor({ timeout: 60_000 });
  assert.match(await page.locator('.govuk-panel').textContent() ?? '', /records linked/);
  await browser.checkAccessibility();
  await browser.goto(importJob);
  await browser.navigate(() => page.getByRole('button', { name: 'View the results' }).click());
  assert.match(await page.locator('[data-qa="quarantine"]').textContent() ?? '', /fails the modulus 11 check/);
  await browser.navigate(() => page.locator('[data-qa="quarantine"] a').first().click());
  await page.getByLabel('NHSNo').fill('9434765919');
  await page.getByLabel('Why you are making this correction').fill('Digits transposed; confirmed with the sender');
  await browser.navigate(() => page.locator('[data-qa="correct-row"]').click());
  assert.match(await page.locator('[data-qa="corrections"]').textContent() ?? '', /9434765918.*9434765919/s);
  await browser.signOut();
});
