// In the demo.browser, on the demo council: a data manager writes the council's own outcome plan. A
// local framework from scratch (the form's error summary first), a local headline, a descriptor
// tested on current data and saved, the family rule, publish; identification evaluates it. Then a
// new draft removes and adds items and the history says what changed; finally a shipped framework
// is copied under a new code. axe-core checks every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoInBrowser } from './support.ts';

const demo = demoInBrowser();

void test('a council writes, tests, publishes, evaluates and revises its own framework, and copies a shipped one', async () => {
  const { page } = demo.browser;
  await demo.browser.signIn('data@demo.hearth.test');
  await demo.browser.goto('/identify/frameworks');
  await demo.browser.navigate(() => page.locator('[data-qa="new-framework"]').click());
  assert.match(await page.locator('h1').textContent() ?? '', /Create a local framework/);

  // The form validates with a GOV.UK error summary.
  await demo.browser.navigate(() => page.locator('[data-qa="create-framework"]').click());
  assert.match(await page.locator('.govuk-error-summary').textContent() ?? '', /Enter a name for the framework/);
  await page.getByLabel('Name', { exact: true }).fill('Demo families first plan');
  await page.getByLabel('Code', { exact: true }).fill('demo_plan');
  await page.getByLabel('Description', { exact: true }).fill('Our own outcome plan: young carers and families in crisis');
  await page.getByLabel('From scratch').check();
  await demo.browser.navigate(() => page.locator('[data-qa="create-framework"]').click());
  assert.match(await page.locator('h1').textContent() ?? '', /Demo families first plan, version 1/);
  assert.equal(await page.locator('[data-qa="no-headlines"]').count(), 1);

  // A local headline.
  await demo.browser.navigate(() => page.locator('[data-qa="add-headline"]').click());
  await demo.browser.navigate(() => page.locator('[data-qa="save-headline"]').click());
  assert.match(await page.locator('.govuk-error-summary').textContent() ?? '', /Enter a code for the headline/);
  await page.getByLabel('Code', { exact: true }).fill('family_crisis');
  await page.getByLabel('Name', { exact: true }).fill('Families in crisis');
  await page.getByLabel('Description (optional)').fill('Domestic abuse or a child in need');
  await demo.browser.navigate(() => page.locator('[data-qa="save-headline"]').click());
  assert.match(await page.locator('.govuk-notification-banner').textContent() ?? '', /Families in crisis/);

  // A descriptor, tested on current data before it is saved.
  await demo.browser.navigate(() => page.locator('[data-qa="add-descriptor"]').click());
  await page.getByLabel('Code', { exact: true }).fill('demo.crisis');
  await page.getByLabel('Name', { exact: true }).fill('Domestic abuse or a child in need');
  await page.getByLabel('Headline').selectOption('family_crisis');
  await page.locator('#c0_types').fill('police.domestic_abuse_incident, csc.child_in_need');
  await page.locator('#c0_window').selectOption('last_months');
  await page.locator('#c0_length').fill('24');
  await page.locator('#c0_min').fill('1');
  await demo.browser.navigate(() => page.locator('[data-qa="test"]').click());
  assert.match(await page.locator('[data-qa="test-results"]').textContent() ?? '', /family units match/);
  await demo.browser.navigate(() => page.locator('[data-qa="save"]').click());
  assert.match(await page.locator('.govuk-notification-banner').textContent() ?? '', /saved in the draft/);
  await demo.browser.navigate(() => page.getByRole('link', { name: 'Back to version 1' }).click());

  // The family rule and publishing, each validating on the page.
  await page.getByLabel('At least').fill('0');
  await demo.browser.navigate(() => page.getByRole('button', { name: 'Save the family rule' }).click());
  assert.match(await page.locator('.govuk-error-summary').textContent() ?? '', /Enter a whole number from 1 to 20/);
  await page.getByLabel('At least').fill('1');
  await demo.browser.navigate(() => page.getByRole('button', { name: 'Save the family rule' }).click());
  await page.getByLabel('What changed in this version').fill('Our first plan');
  await demo.browser.navigate(() => page.locator('[data-qa="publish"]').click());
  assert.match(await page.locator('h1').textContent() ?? '', /version 1\s+Published/);

  // Identification evaluates it.
  await demo.browser.goto('/identify');
  await page.getByLabel('Framework').selectOption({ label: 'Demo families first plan (version 1)' });
  await demo.browser.navigate(() => page.locator('[data-qa="evaluate"]').click());
  await page.getByRole('button', { name: 'View the results' }).waitFor({ timeout: 60_000 });
  await demo.browser.checkAccessibility();
  await demo.browser.navigate(() => page.getByRole('button', { name: 'View the results' }).click());
  assert.match(await page.locator('h1').textContent() ?? '', /Demo families first plan/);

  // Version 2: add a headline, remove the descriptor; the history says what changed.
  await demo.browser.navigate(() => page.getByRole('link', { name: 'Version 1' }).first().click());
  await demo.browser.navigate(() => page.locator('[data-qa="new-draft"]').click());
  assert.match(await page.locator('h1').textContent() ?? '', /version 2\s+Draft/);
  await demo.browser.navigate(() => page.locator('[data-qa="add-headline"]').click());
  await page.getByLabel('Code', { exact: true }).fill('young_carers');
  await page.getByLabel('Name', { exact: true }).fill('Young carers');
  await demo.browser.navigate(() => page.locator('[data-qa="save-headline"]').click());
  await demo.browser.navigate(() => page.getByRole('link', { name: 'Remove the headline Families in crisis' }).click());
  assert.equal(await page.locator('[data-qa="remove-blocked"]').count(), 1, 'a headline with a descriptor cannot go');
  await demo.browser.navigate(() => page.getByRole('link', { name: 'Domestic abuse or a child in need' }).click());
  await demo.browser.navigate(() => page.locator('[data-qa="remove-descriptor"]').click());
  await demo.browser.navigate(() => page.locator('[data-qa="confirm-remove"]').click());
  assert.match(await page.locator('.govuk-notification-banner').textContent() ?? '', /removed from the draft/);
  const changes = await page.locator('[data-qa="changes"]').textContent() ?? '';
  assert.match(changes, /Added headline “Young carers”/);
  assert.match(changes, /Removed descriptor “Domestic abuse or a child in need”/);
  await page.locator('[data-qa="history-2"] summary').click();
  assert.match(await page.locator('[data-qa="history-2"]').textContent() ?? '', /Removed descriptor/);
  await demo.browser.checkAccessibility();

  // Copy a shipped framework under a new code, from its version page.
  await demo.browser.goto('/identify/frameworks');
  await demo.browser.navigate(() => page.getByRole('link', { name: 'Expanded Troubled Families 2015 to 2020' }).click());
  await demo.browser.navigate(() => page.locator('[data-qa="copy-framework"]').click());
  await page.getByLabel('Name', { exact: true }).fill('Demo 2015 outcome plan');
  await page.getByLabel('Code', { exact: true }).fill('demo_2015');
  await demo.browser.navigate(() => page.locator('[data-qa="create-framework"]').click());
  assert.match(await page.locator('.govuk-caption-l').first().textContent() ?? '', /copied from Expanded Troubled Families 2015 to 2020, version 1/);
  await demo.browser.goto('/identify/frameworks');
  assert.match(await page.locator('[data-qa="frameworks"]').textContent() ?? '', /Demo 2015 outcome plan/);
  await demo.browser.signOut();
});
