// In the demo.browser, on the demo council (whose deliveries the demo loader has already linked): a data
// manager links everything again as a job, reads the run's summary and chart, reviews the most
// uncertain pair (an error first, then a decision), and opens a person to see why each record is
// theirs. axe-core checks every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoInBrowser } from './support.ts';

const demo = demoInBrowser();

void test('run a linkage, read the summary, review a pair and open a person', async () => {
  const { page } = demo.browser;
  await demo.browser.signIn('data@demo.hearth.test');
  await demo.browser.goto('/data');
  await demo.browser.navigate(() => page.locator('[data-qa="linkage-link"]').click());
  assert.match(await page.locator('h1').textContent() ?? '', /Record linkage/);
  // the demo loader's run is listed
  assert.ok(await page.locator('[data-qa="linkage-runs"] tbody tr').count() >= 1);
  await page.getByLabel('Everything again').check();
  await demo.browser.navigate(() => page.locator('[data-qa="start-linkage"]').click());
  assert.match(new URL(page.url()).pathname, /^\/jobs\//);
  await page.getByRole('button', { name: 'View the results' }).waitFor({ timeout: 120_000 });
  await demo.browser.checkAccessibility();
  await demo.browser.navigate(() => page.getByRole('button', { name: 'View the results' }).click());
  assert.match(new URL(page.url()).pathname, /^\/data\/linkage\/runs\//);
  assert.match(await page.locator('[data-qa="routes"]').textContent() ?? '', /UPN agrees/);
  assert.equal(await page.locator('[data-qa="histogram"] svg rect').count() > 5, true);
  assert.ok(await page.locator('[data-qa="histogram-table"] tbody tr').count() > 5);

  await demo.browser.navigate(() => page.getByRole('button', { name: 'Review pairs' }).click());
  const pending = await page.locator('[data-qa="review-queue"] tbody tr').count();
  assert.ok(pending > 0, 'the demo has pairs to review');
  await demo.browser.navigate(() => page.locator('[data-qa="review-queue"] tbody a').first().click());
  assert.match(await page.locator('h1').textContent() ?? '', /Are these the same person/);
  assert.equal(await page.locator('[data-qa="pair-fields"] tbody tr').count(), 12);
  assert.ok(await page.locator('[data-qa="waterfall"] svg rect').count() >= 3);
  const pairUrl = page.url();
  await demo.browser.navigate(() => page.locator('[data-qa="decide"]').click());
  assert.match(await page.locator('.govuk-error-summary').textContent() ?? '', /Choose match, not a match or unsure/);
  await page.getByLabel('Not a match: different people').check();
  await demo.browser.navigate(() => page.locator('[data-qa="decide"]').click());
  assert.notEqual(page.url(), pairUrl);
  assert.match(await page.locator('.govuk-notification-banner').textContent() ?? '', /Not a match recorded/);

  await demo.browser.navigate(() => page.locator('[data-qa="pair-fields"] thead a').first().click());
  assert.match(new URL(page.url()).pathname, /^\/data\/linkage\/people\/[0-9a-f-]{36}$/);
  assert.ok(await page.locator('[data-qa="records"] tbody tr').count() >= 1);
  assert.match(await page.locator('[data-qa="records"]').textContent() ?? '', /Through|Matched no one|Moved by/);
  await demo.browser.goto('/data/linkage/settings');
  await demo.browser.goto('/data/linkage/review?status=non_match');
  assert.equal(await page.locator('[data-qa="review-queue"] tbody tr').count(), 1);
});
