// Prove in the demo.browser on the demo council, with axe-core on every page: a family's outcome view,
// a claim batch built by the data manager and approved and locked by a manager, unit costs and the
// cost-benefit page, and a quarterly return generated and downloaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { demoInBrowser } from './support.ts';

const demo = demoInBrowser();

function daysAgo(n: number): string {
  const d = new Date(demo.hearth.container.clock.now());
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

void test('a keyworker opens a family and sees its outcomes against each need', async () => {
  const { page } = demo.browser;
  await demo.browser.signIn('keyworker@demo.hearth.test');
  await demo.browser.navigate(() => page.locator('[data-qa="caseload"] a').first().click());
  await demo.browser.navigate(() => page.locator('[data-qa="family-outcomes"]').click());
  assert.match(await page.locator('h1').textContent() ?? '', /Outcomes for/);
  assert.ok((await page.locator('h2', { hasText: 'Case ' }).count()) >= 1);
  await demo.browser.signOut();
});

let batchPath = '';

void test('the data manager loads unit costs, builds a claim batch and generates a return', async () => {
  const { page } = demo.browser;
  await demo.browser.signIn('data@demo.hearth.test');
  await demo.browser.goto('/prove');
  await demo.browser.navigate(() => page.getByRole('link', { name: 'Unit costs' }).click());
  // The demo loads the illustrative set, so there is nothing to load here.
  assert.equal(await page.locator('[data-qa="load-illustrative"]').count(), 0);
  assert.ok((await page.locator('[data-qa="unit-costs"] tbody tr').count()) >= 10);

  await demo.browser.goto('/prove/claims');
  await demo.browser.navigate(() => page.locator('[data-qa="build"]').click());
  assert.match(page.url(), /\/jobs\//);
  // Leave the self-refreshing job page at once and follow the batch itself.
  await demo.browser.goto('/prove/claims');
  const link = page.locator('[data-qa="batches"] a').first();
  batchPath = (await link.getAttribute('href')) ?? '';
  for (let i = 0; i < 60; i++) {
    await demo.browser.goto(batchPath);
    if (!/Building/.test((await page.locator('[data-qa="batch-summary"]').textContent()) ?? '')) break;
    await page.waitForTimeout(250);
  }
  assert.match((await page.locator('[data-qa="batch-summary"]').textContent()) ?? '', /Built: awaiting approval/);
  assert.equal(await page.locator('[data-qa="approve"]').count(), 0, 'the builder has no approve button');

  await demo.browser.goto('/prove/returns');
  await demo.browser.navigate(() => page.locator('[data-qa="generate"]').click());
  assert.equal(await page.locator('[data-qa="validation-ok"]').count(), 1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-qa="download-csv"]').click()]);
  const csv = await readFile((await download.path()) as string, 'utf8');
  assert.match(csv, /^section,headline,measure,value/);
  assert.match(csv, /families,,worked with,\d+/);
  await demo.browser.navigate(() => page.locator('[data-qa="record-submission"]').click());
  assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /Submission recorded/);
  await demo.browser.signOut();
});

void test('a manager approves and locks the batch and looks at costs and savings', async () => {
  const { page } = demo.browser;
  await demo.browser.signIn('manager@demo.hearth.test');
  await demo.browser.goto(batchPath);
  await demo.browser.navigate(() => page.locator('[data-qa="approve"]').click());
  await demo.browser.navigate(() => page.locator('[data-qa="lock"]').click());
  assert.match((await page.locator('[data-qa="batch-summary"]').textContent()) ?? '', /Locked/);

  await demo.browser.goto('/prove/cost-benefit');
  await page.getByLabel('Cases opened from (yyyy-mm-dd)').fill(daysAgo(400));
  await page.getByLabel('Cases opened to (yyyy-mm-dd)').fill(daysAgo(0));
  await demo.browser.navigate(() => page.locator('[data-qa="show"]').click());
  assert.equal(await page.locator('[data-qa="comparison-preceding"]').count(), 1);
  assert.equal(await page.locator('[data-qa="projection"]').count(), 1);
  await demo.browser.signOut();
});
