// In the demo.browser, on the demo council: every casework journey from a request for support to the
// follow-ups after closure, with axe-core (WCAG 2.2 AA) on every page visited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoInBrowser } from './support.ts';

const demo = demoInBrowser();
let familyPath = '';
let casePath = '';

const banner = async () => (await demo.browser.page.locator('.govuk-notification-banner').textContent()) ?? '';
const errors = async () => (await demo.browser.page.locator('.govuk-error-summary').textContent()) ?? '';

void test('the demo families have casework: assessment, plan, TAF, contacts, reviews and chronology', async () => {
  const { page } = demo.browser;
  await demo.browser.signIn('keyworker@demo.hearth.test');
  // The family Kim has held longest (first on the caseload).
  await demo.browser.navigate(() => page.locator('[data-qa="caseload"] a').first().click());
  await demo.browser.navigate(() => page.locator('[data-qa="record-contact"]').first().click());
  const demoCase = new URL(page.url()).pathname.replace(/\/contacts\/new$/, '');
  await demo.browser.goto(`${demoCase}/assessment`);
  assert.match(await page.locator('[data-qa="assessment-status"]').textContent() ?? '', /Completed/);
  assert.ok((await page.locator('[data-qa="needs"] tbody tr').count()) >= 1);
  assert.equal(await page.locator('svg.app-chart').count(), 2);
  await demo.browser.goto(`${demoCase}/plan`);
  assert.ok((await page.locator('[data-qa="goal"]').count()) >= 1);
  await demo.browser.goto(`${demoCase}/taf`);
  assert.ok((await page.locator('[data-qa="meeting"]').count()) >= 1);
  await demo.browser.goto(`${demoCase}/contacts`);
  assert.ok((await page.locator('[data-qa="contacts"] tbody tr').count()) >= 3);
  await demo.browser.goto(`${demoCase}/reviews`);
  assert.ok((await page.locator('[data-qa="review"]').count()) >= 1);
  await demo.browser.goto(`${demoCase}/chronology`);
  const entries = (await page.locator('[data-qa="chronology"]').textContent()) ?? '';
  for (const expected of [/Home visit/, /Assessment completed/, /Goal: /, /TAF meeting/, /Review: continue/]) assert.match(entries, expected);
  await demo.browser.signOut();
});

void test('request for support → triage → allocate', async () => {
  const { page } = demo.browser;
  await demo.browser.signIn('partner@demo.hearth.test');
  await demo.browser.navigate(() => page.getByRole('link', { name: 'Request support' }).click());
  await page.getByLabel("Main contact's first name").fill('Erin');
  await page.getByLabel("Main contact's last name").fill('Example');
  await page.getByLabel('Why does the family need support?').fill('Erin asked for help with mornings; Jo is late most days.');
  await demo.browser.navigate(() => page.locator('[data-qa="send-request"]').click());
  assert.match(await errors(), /Select whether the family agreed to be contacted/);
  assert.equal(await page.getByLabel('Why does the family need support?').inputValue(), 'Erin asked for help with mornings; Jo is late most days.');
  await page.getByRole('radio', { name: 'Yes' }).check();
  await page.getByLabel('If yes, who agreed?').fill('Erin Example');
  await demo.browser.navigate(() => page.locator('[data-qa="send-request"]').click());
  assert.match(await banner(), /has been sent to the front door/);
  await demo.browser.signOut();

  await demo.browser.signIn('manager@demo.hearth.test');
  await demo.browser.navigate(() => page.getByRole('link', { name: 'Front door' }).click());
  await demo.browser.navigate(() => page.locator('[data-qa="front-door-waiting"] a', { hasText: 'Example family' }).first().click());
  await page.getByRole('radio', { name: 'No', exact: true }).check();
  await page.getByRole('radio', { name: 'Allocate to a keyworker' }).check();
  await page.getByRole('radio', { name: 'Targeted' }).check();
  await page.getByLabel('Reasons for the decision').fill('Voluntary, two needs, family keen.');
  await demo.browser.navigate(() => page.locator('[data-qa="record-decision"]').click());
  assert.match(new URL(page.url()).pathname, /^\/cases\/[0-9a-f-]{36}\/allocate$/);
  assert.match(await page.locator('main').textContent() ?? '', /weighing/);
  await page.getByLabel('Priya Shah').check();
  await demo.browser.navigate(() => page.getByRole('button', { name: 'Allocate' }).click());
  assert.match(await banner(), /Case allocated to Priya Shah|Allocated to Priya Shah/);
  await demo.browser.signOut();
});

void test('record a contact in two pages, from the keyworker\'s caseload', async () => {
  const { page } = demo.browser;
  await demo.browser.signIn('keyworker@demo.hearth.test');
  assert.match(await page.locator('h2', { hasText: 'Due and overdue' }).textContent() ?? '', /Due and overdue/);
  // The family allocated most recently (last on the caseload): its assessment is still to start.
  await demo.browser.navigate(() => page.locator('[data-qa="caseload"] a').last().click());
  familyPath = new URL(page.url()).pathname;
  await demo.browser.navigate(() => page.locator('[data-qa="record-contact"]').first().click());
  casePath = new URL(page.url()).pathname.replace(/\/contacts\/new$/, '');
  // Page 1: the form, date already today.
  assert.notEqual(await page.locator('[name="occurredOn-day"]').inputValue(), '');
  await page.getByRole('radio', { name: 'Phone call' }).check();
  await page.locator('[name="seen"]').first().check();
  await page.getByLabel('How long').fill('20');
  await page.getByLabel('Note', { exact: true }).fill('Called about the school meeting; mum feels calmer.');
  // Page 2: the list with the confirmation.
  await demo.browser.navigate(() => page.locator('[data-qa="save-contact"]').click());
  assert.match(await banner(), /Contact recorded/);
  assert.match(await page.locator('[data-qa="contacts"]').textContent() ?? '', /mum feels calmer/);
});

void test('record consent to share and withdraw it', async () => {
  const { page } = demo.browser;
  await demo.browser.goto(`${casePath}/consent`);
  await demo.browser.navigate(() => page.locator('[data-qa="record-consent"]').click());
  await page.locator('[name="personId"]').first().check();
  await page.getByRole('radio', { name: 'To share information between named services' }).check();
  await page.getByRole('radio', { name: 'Given', exact: true }).check();
  await page.locator('textarea[name="otherServices"]').fill('Riverside Primary School');
  await page.getByRole('radio', { name: 'Written (signed form)' }).check();
  await page.getByLabel('Given or refused by').fill('Mum');
  await demo.browser.navigate(() => page.getByRole('button', { name: 'Save consent' }).click());
  assert.match(await banner(), /Consent recorded/);
  await demo.browser.navigate(() => page.getByRole('link', { name: /^Withdraw/ }).first().click());
  await page.getByLabel('Why was consent withdrawn?').fill('Mum asked us to stop sharing with school.');
  await demo.browser.navigate(() => page.getByRole('button', { name: 'Withdraw consent' }).click());
  assert.match(await banner(), /Partners no longer see/);
  assert.match(await page.locator('[data-qa="consent-matrix"]').textContent() ?? '', /Withdrawn/);
});

void test('assessment with needs and scores', async () => {
  const { page } = demo.browser;
  await demo.browser.goto(`${casePath}/assessment`);
  await demo.browser.navigate(() => page.locator('[data-qa="start-assessment"]').click());
  await demo.browser.navigate(() => page.locator('[data-qa="edit-assessment"]').click());
  await page.getByLabel("The family's own account").fill('We want calmer mornings and Jo back at school.');
  await page.getByLabel("The child's voice").fill('Jo said school is boring but likes football club.');
  await demo.browser.navigate(() => page.locator('[data-qa="complete-assessment"]').click());
  assert.match(await banner(), /Assessment completed/);
  await page.getByText('Add a need').click();
  await page.getByLabel('Headline').selectOption('Getting a good education');
  await page.getByLabel("The need, in the family's words where you can").fill('Jo misses one day a week');
  await demo.browser.navigate(() => page.locator('[data-qa="add-need"]').click());
  await page.getByText('Record scores').click();
  await page.getByLabel('Home and money').fill('3');
  await page.getByLabel('Keeping safe').fill('5');
  await demo.browser.navigate(() => page.locator('[data-qa="save-scores"]').click());
  assert.match(await banner(), /Scores recorded/);
  assert.equal(await page.locator('svg.app-chart').count(), 2);
  assert.match(await page.locator('[data-qa="scores"]').textContent() ?? '', /Home and money/);
});

void test('plan with a goal, and a version', async () => {
  const { page } = demo.browser;
  await demo.browser.goto(`${casePath}/plan`);
  await page.getByLabel('Which need does it address?').selectOption({ index: 1 });
  await page.getByLabel("Goal, in the family's words").fill('Jo gets to school every day');
  await page.getByLabel('Measurable target').fill('Attendance above 95% for six weeks');
  await page.locator('#owner').selectOption({ index: 1 });
  await page.locator('[name="goalDue-day"]').fill('1');
  await page.locator('[name="goalDue-month"]').fill('3');
  await page.locator('[name="goalDue-year"]').fill('2030');
  await demo.browser.navigate(() => page.locator('[data-qa="add-goal"]').click());
  assert.match(await page.locator('[data-qa="goal"]').first().textContent() ?? '', /Attendance above 95%/);
  await page.getByText('Save a version of the plan').click();
  await page.getByLabel('Why save a version?').fill('Agreed with the family');
  await demo.browser.navigate(() => page.locator('[data-qa="save-version"]').click());
  assert.match(await page.locator('[data-qa="plan-versions"]').textContent() ?? '', /Agreed with the family/);
});

void test('TAF meeting: plan it, record attendance, minutes and an action', async () => {
  const { page } = demo.browser;
  await demo.browser.goto(`${casePath}/taf`);
  await page.getByText('Plan a meeting').click();
  await page.locator('[name="invited"]').first().check();
  await demo.browser.navigate(() => page.locator('[data-qa="plan-meeting"]').click());
  await demo.browser.navigate(() => page.getByRole('link', { name: /^Record the meeting on/ }).first().click());
  for (const radio of await page.getByRole('radio', { name: 'Attended' }).all()) await radio.check();
  await page.getByLabel('Minutes').fill('Agreed a morning routine and a reward chart.');
  await page.getByLabel('Action', { exact: true }).fill('Send weekly attendance figures');
  await page.getByLabel('Owner').selectOption({ index: 1 });
  await demo.browser.navigate(() => page.locator('[data-qa="save-meeting"]').click());
  assert.match(await banner(), /Meeting recorded/);
  assert.match(await page.locator('main').textContent() ?? '', /Meeting on .*: attended|attended/);
});

void test('review, then budget with approval', async () => {
  const { page } = demo.browser;
  await demo.browser.goto(`${casePath}/reviews`);
  await page.getByLabel('Progress against the plan').fill('Mornings calmer; attendance up.');
  await demo.browser.navigate(() => page.locator('[data-qa="save-review"]').click());
  assert.match(await banner(), /Review recorded/);
  await demo.browser.goto(`${casePath}/budget`);
  await page.getByLabel('What is it for?').fill('School shoes');
  await page.getByLabel('Category').selectOption('clothing');
  await page.getByLabel('Amount').fill('35');
  await page.getByRole('radio', { name: 'Yes' }).check();
  await demo.browser.navigate(() => page.locator('[data-qa="request-budget"]').click());
  assert.match(await banner(), /sent to your manager/);
  await demo.browser.signOut();

  await demo.browser.signIn('manager@demo.hearth.test');
  await demo.browser.navigate(() => page.getByRole('link', { name: 'Approvals' }).click());
  await demo.browser.navigate(() => page.locator('[data-qa="pending-budget"] a', { hasText: 'School shoes' }).click());
  await page.getByRole('radio', { name: 'Approve' }).check();
  await demo.browser.navigate(() => page.locator('[data-qa="save-decision"]').click());
  assert.match(await banner(), /School shoes: approved/);
  await demo.browser.signOut();
});

void test('closure with approval and follow-ups, then the chronology', async () => {
  const { page } = demo.browser;
  await demo.browser.signIn('keyworker@demo.hearth.test');
  await demo.browser.goto(`${casePath}/closure`);
  await page.getByRole('radio', { name: 'Goals met: the family no longer needs support' }).check();
  await page.getByLabel('Summary of the work and what changed').fill('Attendance 96%; routines in place.');
  await page.getByLabel('Exit plan').fill('Stay in touch with the school; door left open.');
  await page.getByRole('radio', { name: 'Yes' }).check();
  await demo.browser.navigate(() => page.locator('[data-qa="request-closure"]').click());
  assert.match(await banner(), /sent to your manager for approval/);
  await demo.browser.signOut();

  await demo.browser.signIn('manager@demo.hearth.test');
  await demo.browser.navigate(() => page.getByRole('link', { name: 'Approvals' }).click());
  await demo.browser.navigate(() => page.locator('[data-qa="pending-closures"] a').first().click());
  await page.getByRole('radio', { name: 'Approve' }).check();
  await demo.browser.navigate(() => page.locator('[data-qa="save-decision"]').click());
  assert.match(await banner(), /case closed and follow-ups scheduled/);
  await demo.browser.goto(`${casePath}/closure`);
  assert.match(await page.locator('main').textContent() ?? '', /3-month follow-up/);
  assert.match(await page.locator('main').textContent() ?? '', /12-month follow-up/);

  await demo.browser.goto(`${casePath}/chronology`);
  const all = await page.locator('[data-qa="chronology"]').textContent() ?? '';
  for (const expected of [/Phone call/, /consent to share information withdrawn/, /Assessment completed/, /Goal: Jo gets to school every day/, /TAF meeting/, /Review: continue/, /Budget approved: School shoes/, /Closure approved/]) assert.match(all, expected);
  await demo.browser.goto(`${casePath}/chronology?kind=contact`);
  assert.doesNotMatch(await page.locator('[data-qa="chronology"]').textContent() ?? '', /Closure approved/);
  await demo.browser.goto(familyPath);
  await demo.browser.signOut();
});

void test('settings: a manager opens the settings and the assessment form', async () => {
  const { page } = demo.browser;
  await demo.browser.signIn('manager@demo.hearth.test');
  await demo.browser.goto('/settings');
  await demo.browser.navigate(() => page.getByRole('link', { name: 'Edit the assessment form' }).click());
  await page.getByLabel('Section', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('Question', { exact: true }).fill('Who helps the family most?');
  await demo.browser.navigate(() => page.locator('[data-qa="add-question"]').click());
  assert.match(await page.locator('main').textContent() ?? '', /Who helps the family most\?/);
  await demo.browser.signOut();
});
