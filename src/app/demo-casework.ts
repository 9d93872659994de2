// The demo council's casework: for each case loaded by demo-council.ts, what a keyworker and their
// manager would have recorded, dated when it happened: the first visits and consent, a whole-family
// assessment with the needs the data showed when the case opened, a family plan with a goal per
// need, the Team Around the Family and its first meeting, contacts over the case, reviews with goals
// met, supervision, and for the closed cases the closure (approved by the manager) and the
// follow-up calls since.
//
// Everything goes through the casework services, with the services' clock set to the day each
// thing happens, so their validation, record-level access and audit apply as they would for a
// person. Deterministic: the same synthetic county and demo date give the same records.
import { fixedClock } from '../platform/clock.ts';
import { permissionsFor, type RequestContext, type Role } from '../auth/permissions.ts';
import { withTenant } from '../db/tenant.ts';
import { dateValues } from '../domains/cases/form-helpers.ts';
import { HEADLINES } from '../domains/assessments/defaults.ts';
import { frameworkRepository } from '../domains/frameworks/framework.repository.ts';
import { ensureShippedFrameworks } from '../domains/frameworks/framework.service.ts';
import { outcomeRepository, type MemberRow } from '../domains/outcomes/outcome.repository.ts';
import { FrameworkAtDate, needsAtAttachment } from '../domains/outcomes/need-source.ts';
import { membersAt, toEventFacts } from '../domains/outcomes/claim-inputs.ts';
import { hashString, Rng } from '../synth/prng.ts';
import { createCaseworkServices } from './casework.ts';
import type { Container } from './container.ts';
import { DEMO_ACCOUNTS, type DemoCaseStory, type DemoCasework } from './demo-council.ts';

export interface DemoCaseworkSummary {
  cases: number;
  assessments: number;
  needs: number;
  goals: number;
  goalsAchieved: number;
  contacts: number;
  meetings: number;
  reviews: number;
  closures: number;
  followUps: number;
}

const ADULT = new Set(['parent', 'carer', 'other_adult']);

/** What a practitioner writes for each need the data shows, by descriptor (or headline). */
const NEED_TEXT: Record<string, { need: string; goal: string; target: string; action: string; owner?: string }> = {
  'sf2022.persistent_absence': { need: 'Missing school most weeks; mornings are a struggle', goal: 'Get to school every day, on time', target: 'Attendance above 95% for a full term', action: 'Agree a morning routine and a reward chart with school', owner: 'School' },
  'sf2022.suspension_exclusion': { need: 'Suspended from school after incidents in class', goal: 'Stay in school and manage anger in class', target: 'No suspensions for two terms', action: 'Ask school for a pastoral support plan and a trusted adult', owner: 'School' },
  'sf2022.mental_health': { need: 'Low mood and anxiety; finds it hard to leave the house', goal: 'Feel well enough to manage the day', target: 'Attending talking therapy sessions and self-rated mood 6 or more for a month', action: 'Go with mum to the first talking therapy appointment', owner: 'Health' },
  'sf2022.substance_misuse': { need: 'Drinking most days, affecting the children’s routines', goal: 'Cut down and keep the home safe', target: 'Engaged with the recovery service and alcohol-free weekdays for three months', action: 'Book the triage appointment with the recovery service', owner: 'Recovery' },
  'sf2022.social_care': { need: 'Children known to social care after concerns about neglect', goal: 'The children are safe and well cared for', target: 'Child in need plan closed and no new referrals for six months', action: 'Attend the child in need meeting and share the family plan' },
  'sf2022.offending': { need: 'Arrested and given a youth caution', goal: 'Stay out of trouble with the police', target: 'No further offences for six months; youth justice plan completed', action: 'Meet the youth justice worker together', owner: 'Youth justice' },
  'sf2022.asb': { need: 'Complaints from neighbours about noise and groups outside', goal: 'Get on with the neighbours', target: 'No ASB reports for six months', action: 'Joint visit with the neighbourhood officer', owner: 'Police' },
  'sf2022.domestic_abuse': { need: 'Police called after arguments at home; the children heard it', goal: 'Everyone at home feels safe', target: 'No incidents for six months; safety plan in place', action: 'Refer mum to the domestic abuse service and agree a safety plan', owner: 'Domestic abuse' },
  'sf2022.housing_risk': { need: 'Rent arrears and a letter from the landlord', goal: 'Keep the home', target: 'Arrears repayment plan kept for three months', action: 'Apply for a discretionary housing payment and set up a repayment plan', owner: 'Housing' },
  'sf2022.temporary_accommodation': { need: 'Living in temporary accommodation after losing the tenancy', goal: 'A settled home', target: 'Moved into a secure tenancy', action: 'Keep bidding weekly and chase the housing options officer', owner: 'Housing' },
  'sf2022.worklessness': { need: 'Out of work and worried about money', goal: 'Back into work or training', target: 'In work of 16 hours a week or more, or on a course', action: 'Book an appointment with the employment adviser', owner: 'Work' },
  'Improved family relationships': { need: 'Frequent arguments between the parents in front of the children', goal: 'Calmer home, fewer arguments', target: 'Parents complete the relationship programme; children say home is calmer', action: 'Refer the parents to the reducing parental conflict programme' },
};

/** Agencies that join the Team Around the Family for a need, by the owner tag above. */
const TAF_AGENCY: Record<string, { name: string; agency: string; role: string }> = {
  School: { name: 'Helen Moore', agency: 'Northmoor Academy', role: 'Attendance and pastoral lead' },
  Health: { name: 'Dr Ravi Patel', agency: 'Northmoor Talking Therapies', role: 'Psychological wellbeing practitioner' },
  Recovery: { name: 'Joe Clarke', agency: 'Northmoor Recovery Partnership', role: 'Recovery worker' },
  'Youth justice': { name: 'Amira Hassan', agency: 'Youth Justice Service', role: 'Case manager' },
  Police: { name: 'PC Lee Walsh', agency: 'Northmoor Constabulary', role: 'Neighbourhood officer' },
  'Domestic abuse': { name: 'Claire Nolan', agency: 'Northmoor Domestic Abuse Service', role: 'Independent domestic violence adviser' },
  Housing: { name: 'Tom Baker', agency: 'Northmoor Homes', role: 'Tenancy sustainment officer' },
  Work: { name: 'Grace Obi', agency: 'Jobcentre Plus', role: 'Work coach' },
};

const CONTACT_NOTES: Record<string, string[]> = {
  home_visit: [
    'Home visit. Talked through the week; mum says mornings are calmer. Children at school.',
    'Home visit with the family. Went over the plan together and what is still hard.',
    'Home visit. House tidy, fridge stocked. Dad joined for part of the visit.',
    'Home visit after school. Spent time with the children on their own; both chatty.',
  ],
  phone: ['Phone call to check in after the appointment; went well.', 'Called mum about the school meeting; she feels more confident.', 'Phone call: rearranged the visit, family busy with a hospital appointment.'],
  office_visit: ['Met mum at the children’s centre; looked at the budget together.', 'Met at school with the attendance lead and mum.'],
  video: ['Video call with mum while she was at work; quick update on the plan.'],
  text_message: ['Text reminder about tomorrow’s appointment; mum replied to confirm.'],
  meeting: ['Meeting with the family at home to prepare for the review.'],
};

function shift(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Records the demo's casework through the services. Runs once, right after the council is loaded. */
export async function loadDemoCasework(container: Container, work: DemoCasework, today: string): Promise<DemoCaseworkSummary> {
  const db = container.database.db;
  const la = work.localAuthorityId;
  const clock = fixedClock(`${today}T12:00:00Z`);
  // The services as they are, on a clock the loader moves to each day it records.
  const services = createCaseworkServices(db, container.services.audit, clock);
  let minute = 0;
  const on = (day: string) => {
    minute = (minute + 1) % 600;
    clock.set(new Date(Date.parse(`${day}T08:00:00Z`) + minute * 60_000).toISOString());
  };
  const ctxOf = (email: string): RequestContext => {
    const account = DEMO_ACCOUNTS.find((a) => a.email === email);
    const user = work.accounts[email];
    if (!account || !user) throw new Error(`No demo account ${email}`);
    return {
      actor: { id: user.id, localAuthorityId: la, displayName: account.name, email, role: account.role as Role, teamId: user.teamId, organisation: 'organisation' in account ? account.organisation : null, permissions: permissionsFor(account.role as Role) },
      correlationId: 'demo-casework',
    };
  };
  const manager = ctxOf('manager@demo.hearth.test');
  const summary: DemoCaseworkSummary = { cases: 0, assessments: 0, needs: 0, goals: 0, goalsAchieved: 0, contacts: 0, meetings: 0, reviews: 0, closures: 0, followUps: 0 };

  // The council's published Supporting Families framework and each family's members and partner
  // events: the needs it finds on the day a case opened are what Prove calls the needs at
  // attachment, and the assessment records them.
  const stories = work.stories.filter((s) => s.keyworkerEmail);
  const facts = await withTenant(db, la, async (tx) => {
    await ensureShippedFrameworks(tx, la);
    const latest = await frameworkRepository.latestPublishedByCode(tx, 'sf2022');
    const definition = latest ? await frameworkRepository.definition(tx, latest.id) : undefined;
    if (!definition) return null;
    const fw = new FrameworkAtDate(definition);
    const familyIds = [...new Set(stories.map((s) => s.familyUnitId))];
    const members = await outcomeRepository.members(tx, familyIds);
    const events = await outcomeRepository.events(tx, [...new Set(members.map((m) => m.person_id))], familyIds, fw.eventTypes(), '2000-01-01');
    return { fw, members, events };
  });

  // Every case gets its first visit and consent; a realistic share gets the full record (all the
  // closed ones, most of Kim's, and some of everyone else's), which keeps the load to a few seconds.
  const seenFor = new Map<string, number>();
  for (const story of stories) {
    const nth = seenFor.get(story.keyworkerEmail as string) ?? 0;
    seenFor.set(story.keyworkerEmail as string, nth + 1);
    const full = story.closure !== null || story.keyworkerEmail === 'keyworker@demo.hearth.test' || nth % (story.teamId === manager.actor.teamId ? 3 : 4) === 0;
    const r = new Rng(hashString(story.reference), 11, 0);
    const keyworker = ctxOf(story.keyworkerEmail as string);
    const end = story.closure ? story.closure.on : today;
    const age = Math.round((Date.parse(end) - Date.parse(story.openedOn)) / 86_400_000);
    const members = (facts?.members ?? []).filter((m) => m.family_unit_id === story.familyUnitId);
    const current = (day: string) => membersAt(members, day);
    const lead = (day: string): MemberRow | undefined => current(day).find((m) => ADULT.has(m.role)) ?? current(day)[0];
    const mentioned = (day: string) => current(day).find((m) => m.role === 'child')?.given_name ?? 'the children';
    summary.cases++;

    const contact = async (day: string, kind: 'home_visit' | 'phone' | 'office_visit' | 'video' | 'text_message' | 'meeting', note?: string) => {
      on(day);
      const seen = kind === 'phone' || kind === 'text_message' || kind === 'video' ? [lead(day)?.person_id].filter((x): x is string => Boolean(x)) : current(day).slice(0, r.int(1, 3)).map((m) => m.person_id);
      const minutes = kind === 'home_visit' ? r.pick([45, 60, 75, 90]) : kind === 'phone' || kind === 'text_message' ? r.pick([5, 10, 15, 20]) : r.pick([30, 45, 60]);
      await services.contacts.record(keyworker, story.caseId, { form: { ...dateValues('occurredOn', day), kind, duration: String(minutes), note: note ?? r.pick(CONTACT_NOTES[kind] ?? ['Contact with the family.']) }, seen });
      summary.contacts++;
    };

    // 1. The first home visit, and consent to take part (and to share, with the TAF's school).
    const firstVisit = shift(story.openedOn, r.int(1, 4));
    const adult = lead(firstVisit);
    await contact(firstVisit, 'home_visit', `First home visit. Met ${adult?.given_name ?? 'the family'} and explained what whole-family support is; they want help and agreed to take part.`);
    if (adult) {
      const consent = { personId: adult.person_id, decision: 'given', method: 'written', givenBy: `${adult.given_name} ${adult.family_name}`, ...dateValues('givenOn', firstVisit) };
      await services.consent.record(keyworker, story.caseId, { ...consent, purpose: 'participate' }, []);
      if (story.partner) await services.consent.record(keyworker, story.caseId, { ...consent, purpose: 'share_information', ...dateValues('expiresOn', shift(firstVisit, 365)) }, ['Riverside Primary School']);
    }
    // A case allocated in the last weeks has its assessment to come; the others outside the share
    // with the full record show the first visit and consent.
    if (!full || age < 28 || !facts) continue;

    // 2. The assessment, started in the first fortnight and completed within six weeks, with the
    // needs the data showed when the case opened (or, if none yet, those it shows now).
    const started = shift(story.openedOn, r.int(5, 10));
    const completed = shift(started, r.int(10, 20));
    const factsOf = (day: string) => current(day).map((m) => ({ personId: m.person_id, role: m.role, dateOfBirth: m.date_of_birth }));
    const events = eventsOf(facts.events, members, story);
    const group = (needs: ReturnType<typeof needsAtAttachment>['needs']) => {
      const byCode = new Map<string, { code: string; headline: string; people: Set<string | null> }>();
      for (const n of needs) {
        const headline = facts.fw.headlineName(n.headline);
        if (!(HEADLINES as readonly string[]).includes(headline)) continue;
        const entry = byCode.get(n.code) ?? { code: n.code, headline, people: new Set() };
        entry.people.add(n.personId);
        byCode.set(n.code, entry);
      }
      return [...byCode.values()].map((e) => ({ code: e.code, headline: e.headline, personId: e.people.size === 1 ? ([...e.people][0] ?? null) : null }));
    };
    const atEnd = group(needsAtAttachment(facts.fw, factsOf(end), events, end).needs);
    let assessed = group(needsAtAttachment(facts.fw, factsOf(story.openedOn), events, story.openedOn).needs);
    if (assessed.length === 0) assessed = atEnd;
    if (assessed.length === 0) assessed = [{ code: 'Improved family relationships', headline: 'Improved family relationships', personId: null }];
    const later = story.closure ? [] : atEnd.filter((n) => !assessed.some((a) => a.code === n.code));
    const text = (n: { code: string; headline: string }) => NEED_TEXT[n.code] ?? NEED_TEXT[n.headline];

    on(started);
    await services.assessments.start(keyworker, story.caseId);
    summary.assessments++;
    // The Team Around the Family: the agency for the family's first need that has one.
    const tag = assessed.map((n) => text(n)?.owner).find((x): x is string => Boolean(x && TAF_AGENCY[x]));
    const agency = tag ? TAF_AGENCY[tag] : undefined;
    if (agency) await services.plans.addMember(keyworker, story.caseId, { name: agency.name, agency: agency.agency, role: agency.role, ...dateValues('memberFrom', started), seesSpecialCategory: tag === 'Health' ? 'yes' : '' });
    on(completed);
    await services.assessments.save(
      keyworker,
      story.caseId,
      {
        q_strengths_strengths: `${adult?.given_name ?? 'Mum'} is a loving parent and the children are close to their grandparents.`,
        q_strengths_worries: 'Money, the children’s behaviour and how tired everyone is.',
        q_children_education: `${mentioned(completed)} is behind with reading; the school is supportive.`,
        q_parents_parenting: 'Bedtimes slip in the week; mornings are rushed.',
        q_home_housing: 'Rented flat; the landlord is slow with repairs.',
        familyAccount: `“We want things calmer at home and ${mentioned(completed)} happier at school. We don’t want to have to tell our story again.”`,
        childVoice: `${mentioned(completed)} said: “I like football and my friends. I don’t like it when there’s shouting at home.”`,
      },
      true,
    );
    for (const n of assessed) {
      await services.assessments.addNeed(keyworker, story.caseId, { headline: n.headline, description: text(n)?.need ?? n.headline, personId: n.personId ?? '' });
      summary.needs++;
    }
    const base = Object.fromEntries(['health', 'wellbeing', 'safety', 'home', 'learning', 'relationships', 'routines', 'community'].map((k) => [k, r.int(2, 5)]));
    const scores = async (day: string, lift: number) => {
      for (const rater of ['worker', 'family'] as const) {
        const values = Object.fromEntries(Object.entries(base).map(([k, v]) => [`score_${k}`, String(Math.min(10, v + lift + (rater === 'family' ? 1 : 0) + (lift > 0 ? r.int(0, 2) : 0)))]));
        await services.assessments.recordScores(keyworker, story.caseId, { ...dateValues('scoredOn', day), rater, ...values });
      }
    };
    await scores(completed, 0);

    // 3. The plan: a goal for each need, agreed at the first Team Around the Family meeting when
    // other agencies are involved.
    const planned = shift(completed, r.int(3, 8));
    on(planned);
    const before = await services.plans.overview(keyworker, story.caseId);
    const agencies = before.owners.filter((o) => o.tafId).map((o) => o.value);
    if (agencies.length > 0) {
      const invited = [...agencies, ...(adult ? [`person:${adult.person_id}`] : [])];
      await services.plans.planMeeting(keyworker, story.caseId, { ...dateValues('meetingOn', planned), mode: 'in_person' }, invited);
      const meeting = (await services.plans.taf(keyworker, story.caseId)).meetings[0];
      if (meeting) {
        await services.plans.recordMeeting(keyworker, story.caseId, meeting.id, {
          ...Object.fromEntries(meeting.attendees.map((a) => [`attendance_${a.id}`, 'attended'])),
          minutes: 'Introductions. The family said what they want to change. Each agency said what it can offer, and everyone agreed the plan.',
          decisions: 'Plan agreed with the family. Review in six weeks.',
          actionDescription: 'Share the agreed plan with everyone at the meeting',
          actionOwner: 'keyworker',
          ...dateValues('actionDue', shift(planned, 7)),
        });
        summary.meetings++;
      }
    }
    for (const [k, need] of before.needs.entries()) {
      const n = assessed[k];
      const t = n ? text(n) : undefined;
      const owner = (agency && t?.owner === tag ? before.owners.find((o) => o.tafId && o.text.includes(agency.agency))?.value : undefined) ?? 'keyworker';
      await services.plans.addGoal(keyworker, story.caseId, { needId: need.id, title: t?.goal ?? 'Things improve for the family', target: t?.target ?? 'Agreed with the family at each review', owner, ...dateValues('goalDue', shift(planned, r.int(60, 120))) });
      summary.goals++;
    }
    await services.plans.saveVersion(keyworker, story.caseId, agencies.length > 0 ? 'Agreed with the family at the first Team Around the Family meeting' : 'Agreed with the family at a home visit');

    // 4. Contacts spread over the case, until it closes (or today).
    const kinds = ['home_visit', 'home_visit', 'home_visit', 'phone', 'phone', 'office_visit', 'text_message', 'video'] as const;
    const gap = Math.max(18, Math.floor(age / 4));
    for (let day = shift(planned, r.int(8, 14)), n = 0; day < shift(end, -16) && n < 3; day = shift(day, gap + r.int(-5, 5)), n++) await contact(day, r.pick(kinds));

    // 5. Supervision with the manager, for Kim's families.
    if (story.keyworkerEmail === 'keyworker@demo.hearth.test' && shift(completed, 14) < end) {
      on(shift(completed, 14));
      await services.reviews.recordSupervision(manager, story.caseId, { ...dateValues('supervisedOn', shift(completed, 14)), discussion: 'Talked through the assessment and the plan; the family are engaging well.', decisions: 'Carry on; review at six weeks.', caseDrift: '' });
    }

    // 6. Reviews every six weeks (the first and the latest are recorded): goals met as things improve.
    let reviewDays: string[] = [];
    for (let day = shift(completed, 42); day < shift(end, -7); day = shift(day, 42)) reviewDays.push(day);
    // A closing case has its last review just before it closes.
    if (story.closure) reviewDays = [...reviewDays.filter((d) => d < shift(end, -40)).slice(0, 1), shift(end, -r.int(8, 14))].filter((d) => d > shift(completed, 14));
    else reviewDays = reviewDays.length > 1 ? [reviewDays[0] as string, reviewDays.at(-1) as string] : reviewDays;
    let goals: Array<{ id: string; status: string }> = [];
    for (const [k, day] of reviewDays.entries()) {
      const last = k === reviewDays.length - 1;
      const closing = last && story.closure?.reason === 'goals_met';
      on(day);
      if (k === 0) {
        const plan = await services.plans.overview(keyworker, story.caseId);
        goals = plan.goals;
        for (const a of plan.otherActions.filter((x) => x.status === 'open')) await services.plans.completeAction(keyworker, story.caseId, a.id);
      }
      for (const [g, goal] of goals.entries()) {
        if (goal.status === 'achieved') continue;
        // Every goal met before a goals-met closure; otherwise about one goal by the latest review.
        const met = closing || (story.closure === null && last && k > 0 && g === 0);
        // Under way from the first review (the first goal; the others follow as the work reaches them).
        const status = met ? 'achieved' : last && story.closure ? 'not_achieved' : g === 0 ? 'in_progress' : goal.status;
        if (status === goal.status) continue;
        await services.plans.setGoalStatus(keyworker, story.caseId, goal.id, status);
        goal.status = status;
        if (met) summary.goalsAchieved++;
      }
      if (last) {
        for (const n of later) {
          await services.assessments.addNeed(keyworker, story.caseId, { headline: n.headline, description: text(n)?.need ?? n.headline, personId: n.personId ?? '' });
          summary.needs++;
        }
        await scores(day, closing ? 4 : 2);
      }
      const decision = last && story.closure ? ({ goals_met: 'close', stepped_up: 'step_up', stepped_down: 'step_down', disengaged: 'continue' } as const)[story.closure.reason] : 'continue';
      await services.reviews.recordReview(keyworker, story.caseId, {
        ...dateValues('heldOn', day),
        progress: closing ? 'Every goal in the plan has been met and has held for some weeks. The family feel ready to manage on their own.' : k === 0 ? 'A good start: the family are engaging and the first actions are done.' : 'Steady progress: one goal met, the others moving.',
        familyView: closing ? '“We’re in a much better place, and we know who to call if things slip.”' : '“Things are a bit easier. Mornings are better.”',
        decision,
      });
      if (last && story.closure) await services.plans.saveVersion(keyworker, story.caseId, `Final version, reviewed on ${day}`);
      summary.reviews++;
    }

    // 7. Closure, approved by the manager, and the follow-up calls that have come due since.
    if (story.closure) {
      const reason = story.closure.reason;
      on(shift(story.closure.on, -r.int(2, 5)));
      await services.closures.request(keyworker, story.caseId, {
        reason,
        summary: reason === 'goals_met' ? 'Worked with the whole family for most of a year. Every need in the plan has been met: no new incidents, the rent paid, the children settled at school.' : reason === 'stepped_down' ? 'Good progress on most goals; what is left can be met by universal services.' : reason === 'stepped_up' ? 'New safeguarding concerns about the children: the case needs a statutory response.' : 'The family stopped answering calls and visits after the second review.',
        exitPlan: 'The family know how to come back to us, and have the numbers of the school, the GP and the family hub.',
        handoverTo: reason === 'stepped_down' ? 'Riverside Family Hub (universal early help)' : reason === 'stepped_up' ? "Children's social care assessment team" : '',
        riskCheck: reason === 'disengaged' ? 'Checked with school and health visiting: the children are seen every day and there are no safeguarding concerns. Agreed with the manager.' : '',
        familyAgreed: reason === 'disengaged' ? 'not_asked' : 'yes',
      });
      on(story.closure.on);
      const pending = (await services.closures.overview(manager, story.caseId)).closures.find((c) => c.status === 'requested');
      if (pending) {
        await services.closures.decide(manager, pending.id, { decision: 'approved', note: reason === 'goals_met' ? 'Well done: a good ending.' : '' });
        summary.closures++;
      }
      if (reason === 'goals_met') {
        for (const f of (await services.closures.overview(keyworker, story.caseId)).followUps.filter((x) => x.due_on <= today && !x.done_on).slice(0, 2)) {
          on(f.due_on);
          await services.closures.recordFollowUp(keyworker, story.caseId, f.id, f.months <= 3 ? 'Called mum: things are going well and the children are settled at school.' : 'Family doing well. No new concerns from school or the police.');
          summary.followUps++;
        }
      }
    }
  }
  return summary;
}

function eventsOf(events: ReadonlyArray<Parameters<typeof toEventFacts>[0][number]>, members: readonly MemberRow[], story: DemoCaseStory) {
  const people = new Set(members.map((m) => m.person_id));
  return toEventFacts(events.filter((e) => (e.person_id === null ? e.family_unit_id === story.familyUnitId : people.has(e.person_id))));
}
