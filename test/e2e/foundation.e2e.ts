import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoInBrowser } from './support.ts';

const demo = demoInBrowser();

test('a keyworker signs in, sees their caseload, opens a family and signs out', async () => {
  const { page } = demo.browser;
  await demo.browser.signIn('keyworker@demo.hearth.test');
  assert.equal(new URL(page.url()).pathname, '/caseload');
  assert.match(await page.locator('[data-qa="caseload-count"]').textContent() ?? '', /You hold 8 families/);
  await demo.browser.navigate(() => page.locator('[data-qa="caseload"] a').first().click());
  assert.match(page.url(), /\/families\/[0-9a-f-]{36}$/);
  assert.ok(await page.locator('[data-qa="members"] tbody tr').count() >= 1);
  await demo.browser.signOut();
  assert.match(await page.locator('h1').textContent() ?? '', /You have signed out/);
});

test('a manager sees the team, allocates a waiting family and sees the warning when over guidance', async () => {
  const { page } = demo.browser;
  await demo.browser.signIn('manager@demo.hearth.test');
  assert.equal(new URL(page.url()).pathname, '/team');
  const waitingBefore = await page.locator('[data-qa="awaiting"] tbody tr').count();
  assert.ok(waitingBefore > 0);
  await demo.browser.navigate(() => page.locator('[data-qa="awaiting"] a', { hasText: 'Allocate' }).first().click());
  // Submitting without a choice shows the GOV.UK error summary and saves nothing.
  await demo.browser.navigate(() => page.getByRole('button', { name: 'Allocate' }).click());
  assert.match(await page.locator('.govuk-error-summary').textContent() ?? '', /Select a keyworker/);
  await page.getByLabel('Kim Keyworker').check();
  await demo.browser.navigate(() => page.getByRole('button', { name: 'Allocate' }).click());
  assert.match(await page.locator('.govuk-notification-banner').textContent() ?? '', /above the team's guidance/);
  await demo.browser.goto('/team');
  assert.equal(await page.locator('[data-qa="awaiting"] tbody tr').count(), waitingBefore - 1);
  await demo.browser.signOut();
});

test('an administrator reads the audit log of what just happened', async () => {
  const { page } = demo.browser;
  await demo.browser.signIn('admin@demo.hearth.test');
  await demo.browser.goto('/admin/audit?action=case.allocate');
  assert.ok(await page.locator('[data-qa="audit"] tbody tr').count() >= 1);
  await demo.browser.signOut();
});
