// The data wash on the database: links a council's source records to people (incrementally against
// the people already known, or the whole population again), writes person_link and each record's
// events' person_id in one transaction, keeps a review queue of uncertain pairs whose decisions bind
// every later run, groups people into households, and lets a data manager split and merge people.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant, type Tx } from '../../db/tenant.ts';
import type { JobRegistry, Queue } from '../../jobs/queue.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { isRealDate } from '../../platform/dates.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { personRepository } from '../people/person.repository.ts';
import { isUuid } from '../../platform/ids.ts';
import { DEFAULT_THRESHOLDS, probabilityToWeight } from './matching/index.ts';
import type { IdentityRecord, ModelParams, PairExplanation } from './matching/index.ts';
import { ROUTE_LABELS, linkInWorker, type EngineOutput, type HistogramBin, type KnownRecord, type PairDecision } from './linkage.engine.ts';
import { linkageRepository, type IdentityRow, type LinkWrite, type PersonRow } from './linkage.repository.ts';
import type { LinkageMode, ReviewStatus } from './linkage.tables.ts';

export const LINK_JOB = 'identification.link';
export const RULE_VERSION = 'linkage-1';
/** A job the frameworks side may register to re-evaluate after people change; enqueued when present. */
export const REEVALUATE_JOB = 'identification.reevaluate';
export const DECISIONS: Array<{ value: Exclude<ReviewStatus, 'pending'>; text: string }> = [
  { value: 'match', text: 'Match: the same person' },
  { value: 'non_match', text: 'Not a match: different people' },
  { value: 'unsure', text: 'Unsure: leave for someone else' },
];
export { ROUTE_LABELS };

export interface LinkageSettings { autoLink: number; review: number; createFamilyUnits: boolean; isDefault: boolean }

export interface RunOptions {
  mode: LinkageMode;
  requestedBy: string | null;
  jobId?: string | null;
  /** source records to link again (corrected since they were linked); automatic links only */
  relink?: string[];
  onProgress?: (done: number, total: number, message: string) => Promise<void> | void;
}

export interface RunSummary {
  runId: string;
  mode: LinkageMode;
  recordsTotal: number;
  recordsIncoming: number;
  linksWritten: number;
  peopleCreated: number;
  eventsLinked: number;
  reviewPairs: number;
  households: number;
  familyUnitsCreated: number;
  byRoute: Record<string, number>;
  seconds: number;
}

const SIDE_FIELDS: Array<{ key: keyof IdentityRecord; label: string; field: string }> = [
  { key: 'given_name', label: 'Given name', field: 'given_name' },
  { key: 'family_name', label: 'Family name', field: 'family_name' },
  { key: 'date_of_birth', label: 'Date of birth', field: 'date_of_birth' },
  { key: 'sex', label: 'Sex', field: 'sex' },
  { key: 'postcode', label: 'Postcode', field: 'postcode' },
  { key: 'address', label: 'Address', field: 'address' },
  { key: 'uprn', label: 'UPRN', field: 'uprn' },
  { key: 'nhs_number', label: 'NHS number', field: 'nhs_number' },
  { key: 'upn', label: 'UPN', field: 'upn' },
  { key: 'ni_number', label: 'NI number', field: 'ni_number' },
];

const REGISTER = '~register';
const s = (v: string | null | undefined): string => v ?? '';

function identityOf(row: IdentityRow): IdentityRecord {
  return {
    source: row.source, record_id: row.id, given_name: s(row.given_name), family_name: s(row.family_name), date_of_birth: s(row.date_of_birth), sex: s(row.sex),
    address: s(row.address), postcode: s(row.postcode), uprn: s(row.uprn), nhs_number: s(row.nhs_number), upn: s(row.upn), ni_number: s(row.ni_number),
  };
}

function registerOf(p: PersonRow): IdentityRecord {
  return {
    source: REGISTER, record_id: p.id, given_name: p.given_name, family_name: p.family_name, date_of_birth: s(p.date_of_birth), sex: p.sex === 'M' || p.sex === 'F' ? p.sex : '',
    address: '', postcode: '', uprn: '', nhs_number: s(p.nhs_number), upn: s(p.upn), ni_number: s(p.ni_number),
  };
}

/** The most frequent non-blank value (ties: mixed case before CAPITALS, then first seen). */
function commonest(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = '';
  let bestScore = -1;
  for (const [v, c] of counts) {
    const score = c * 2 + (v !== v.toUpperCase() ? 1 : 0);
    if (score > bestScore) { best = v; bestScore = score; }
  }
  return best;
}

/** A new person's identity from the records that make them up. */
export function personFromRecords(id: string, records: IdentityRecord[]): PersonRow {
  const titled = (v: string) => (v && v === v.toUpperCase() ? v.toLowerCase().replace(/(^|[\s'-])\p{L}/gu, (m) => m.toUpperCase()) : v);
  const dob = commonest(records.map((r) => r.date_of_birth).filter((d) => isRealDate(d)));
  const sex = commonest(records.map((r) => r.sex).filter((x) => x === 'M' || x === 'F'));
  const id3 = (k: 'nhs_number' | 'upn' | 'ni_number') => commonest(records.map((r) => r[k])) || null;
  return {
    id, given_name: titled(commonest(records.map((r) => r.given_name))), family_name: titled(commonest(records.map((r) => r.family_name))),
    date_of_birth: dob || null, sex: sex || null, nhs_number: id3('nhs_number'), upn: id3('upn'), ni_number: id3('ni_number'),
  };
}

function ageOn(dob: string | null, today: string): number | null {
  if (!dob || !isRealDate(dob)) return null;
  let age = Number(today.slice(0, 4)) - Number(dob.slice(0, 4));
  if (today.slice(5) < dob.slice(5)) age--;
  return age;
}

export function createLinkageService(db: Db, audit: AuditService, clock: Clock, queue: Queue, jobs: JobRegistry) {
  const today = () => isoDate(clock.now());

  async function settingsIn(tx: Tx): Promise<LinkageSettings> {
    const row = await linkageRepository.settings(tx);
    return row
      ? { autoLink: row.auto_link, review: row.review, createFamilyUnits: row.create_family_units, isDefault: false }
      : { autoLink: DEFAULT_THRESHOLDS.autoLink, review: DEFAULT_THRESHOLDS.review, createFamilyUnits: false, isDefault: true };
  }

  /** Links a council's records: the work of the job, the demo loader and `hearth relink`. */
  async function runLinkage(localAuthorityId: string, options: RunOptions): Promise<RunSummary> {
    const started = performance.now();
    const timings: Record<string, number> = {};
    let lastStage = performance.now();
    const stage = (name: string) => { const t = performance.now(); timings[name] = (t - lastStage) / 1000; lastStage = t; };
    let pending: Promise<unknown> = Promise.resolve();
    const progress = (done: number, message: string) => {
      if (!options.onProgress) return;
      const p = pending.then(() => options.onProgress?.(Math.round(done), 100, message));
      pending = p.catch(() => undefined);
    };
    progress(1, 'loading records and known people');
    const loaded = await withTenant(db, localAuthorityId, async (tx) => {
      const [settings, people, linked, unlinked, decisions, relationships, model] = await Promise.all([
        settingsIn(tx), linkageRepository.people(tx), linkageRepository.linkedRecords(tx), linkageRepository.unlinkedRecords(tx),
        linkageRepository.decisions(tx), linkageRepository.statedHouseholds(tx), linkageRepository.latestModel(tx),
      ]);
      const runId = await linkageRepository.insertRun(tx, {
        local_authority_id: localAuthorityId, mode: options.mode, job_id: options.jobId ?? null, requested_by: options.requestedBy,
        auto_link: settings.autoLink, review: settings.review, rule_version: RULE_VERSION, by_route: '{}', histogram: '[]', household_sizes: '{}', timings: '{}', stats: '{}',
      });
      return { settings, people, linked, unlinked, decisions, relationships, model, runId };
    });
    const { settings, people, linked, unlinked, runId } = loaded;
    stage('loading');
    try {
      // known: every person's own entry, and the records already linked to them; in a full run only
      // the links a person decided stay known, the rest are linked again
      const relink = new Set(options.relink ?? []);
      const known: KnownRecord[] = people.map((p) => ({ key: `p:${p.id}`, personId: p.id, record: registerOf(p) }));
      const incomingRows: IdentityRow[] = [...unlinked];
      for (const r of linked) {
        const again = r.decided_by === null && (options.mode === 'full' || relink.has(r.id));
        if (again) incomingRows.push(r);
        else known.push({ key: `r:${r.id}`, personId: r.person_id, record: identityOf(r) });
      }
      const decisions: PairDecision[] = loaded.decisions.map((d) => ({ a: `r:${d.record_id}`, b: d.other_record_id ? `r:${d.other_record_id}` : `p:${d.other_person_id}`, match: d.status === 'match' }));
      // reuse the last trained model for small deliveries; train again on full runs
      const reuse = options.mode === 'incremental' && incomingRows.length < 5000 && loaded.model ? loaded.model : undefined;
      const out: EngineOutput = incomingRows.length === 0
        ? emptyOutput()
        : await linkInWorker({
          known, incoming: incomingRows.map((r) => ({ key: `r:${r.id}`, record: identityOf(r) })), decisions,
          relationships: loaded.relationships.map((r) => ({ a: `r:${r.a}`, b: `r:${r.b}`, kind: r.kind })),
          thresholds: { autoLink: settings.autoLink, review: settings.review }, ...(reuse ? { model: reuse } : {}),
          onProgress: (name, done, total) => {
            const base = name === 'scoring' ? 30 : name === 'estimating λ' ? 25 : 10;
            const span = name === 'scoring' ? 50 : 10;
            progress(base + (total > 0 ? (done / total) * span : 0), name);
          },
        });
      stage('linking');
      progress(85, 'writing links');
      // new people get ids; their identity comes from their records
      const newIds = new Map<string, string>();
      const recordsOfNew = new Map<string, IdentityRecord[]>();
      const identityById = new Map(incomingRows.map((r) => [r.id, identityOf(r)]));
      for (const l of out.links) {
        if (!l.personId.startsWith('new-')) continue;
        if (!newIds.has(l.personId)) newIds.set(l.personId, randomUUID());
        const list = recordsOfNew.get(l.personId) ?? [];
        list.push(identityById.get(l.key.slice(2))!);
        recordsOfNew.set(l.personId, list);
      }
      const personId = (id: string) => newIds.get(id) ?? id;
      const newUuids = new Set(newIds.values());
      const linkedBefore = new Map(linked.map((r) => [r.id, r]));
      const newPeople = [...recordsOfNew].map(([k, recs]) => personFromRecords(newIds.get(k)!, recs));
      const writes: LinkWrite[] = out.links.map((l) => ({
        source_record_id: l.key.slice(2), person_id: personId(l.personId), route: l.route, match_weight: l.weight,
        partner_record_id: l.partner?.startsWith('r:') ? l.partner.slice(2) : null, partner_person_id: l.partner?.startsWith('p:') ? l.partner.slice(2) : null,
        explanation: l.explanation ? JSON.stringify(l.explanation) : null,
      }));
      const reviewRows = out.review.map((r) => ({
        record_id: r.a.slice(2), other_record_id: r.b.startsWith('r:') ? r.b.slice(2) : null, other_person_id: r.b.startsWith('p:') ? r.b.slice(2) : null,
        match_weight: r.weight, match_probability: r.probability, explanation: JSON.stringify(r.explanation),
      }));
      const householdRows = [...out.households].map(([id, h]) => ({ person_id: personId(id), household: h }));
      const sizes = new Map<number, number>();
      for (const h of out.households.values()) sizes.set(h, (sizes.get(h) ?? 0) + 1);
      const householdSizes: Record<string, number> = {};
      for (const n of sizes.values()) { const k = n >= 6 ? '6+' : String(n); householdSizes[k] = (householdSizes[k] ?? 0) + 1; }
      const households = [...sizes.values()].filter((n) => n >= 2).length;
      const ruleVersion = `${RULE_VERSION} (auto ${settings.autoLink}, review ${settings.review}; ${reuse ? 'model reused' : out.trained ? 'model trained' : 'default model'})`;

      const written = await withTenant(db, localAuthorityId, async (tx) => {
        await linkageRepository.lock(tx, localAuthorityId);
        // records another run or a person linked meanwhile are left as they are
        const nowLinked = new Map((await linkageRepository.linkedRecords(tx)).map((r) => [r.id, r]));
        const stillOurs = writes.filter((w) => {
          const now = nowLinked.get(w.source_record_id);
          if (!now) return true;
          const before = linkedBefore.get(w.source_record_id);
          return now.decided_by === null && before !== undefined && before.person_id === now.person_id;
        });
        const usedNew = new Set(stillOurs.map((w) => w.person_id).filter((id) => newUuids.has(id)));
        await linkageRepository.insertPeople(tx, localAuthorityId, newPeople.filter((p) => usedNew.has(p.id)));
        const events = await linkageRepository.writeLinks(tx, localAuthorityId, runId, ruleVersion, null, stillOurs);
        await linkageRepository.upsertReviewPairs(tx, localAuthorityId, runId, reviewRows);
        await linkageRepository.settleReviewPairs(tx);
        // a run with nothing to link leaves the last households as they are
        if (incomingRows.length > 0) await linkageRepository.replaceHouseholds(tx, localAuthorityId, runId, householdRows.filter((h) => !newUuids.has(h.person_id) || usedNew.has(h.person_id)));
        const familyUnits = settings.createFamilyUnits ? await familyUnitsFromHouseholds(tx, localAuthorityId, householdRows) : 0;
        const byRoute: Record<string, number> = {};
        for (const w of stillOurs) byRoute[w.route] = (byRoute[w.route] ?? 0) + 1;
        stage('writing');
        const seconds = (performance.now() - started) / 1000;
        await linkageRepository.updateRun(tx, runId, {
          status: 'succeeded', records_total: known.length - people.length + incomingRows.length, records_incoming: incomingRows.length, people_before: people.length,
          people_created: usedNew.size, links_written: stillOurs.length, events_linked: events, review_pairs: reviewRows.length, households,
          family_units_created: familyUnits, by_route: JSON.stringify(byRoute), histogram: JSON.stringify(out.histogram), household_sizes: JSON.stringify(householdSizes),
          timings: JSON.stringify({ ...timings, total: seconds }), stats: JSON.stringify({ ...out.stats, communalAddresses: out.communalAddresses, refusedDecisions: out.refusedDecisions, decisions: decisions.length }),
          model: out.links.length > 0 ? JSON.stringify(out.model) : null, finished_at: clock.now(),
        });
        await audit.recordSystem(tx, localAuthorityId, options.jobId ?? `linkage-${runId}`, {
          actorName: 'Record linkage', actorId: options.requestedBy, action: 'linkage.run', subjectType: 'linkage_run', subjectId: runId,
          details: { mode: options.mode, links: stillOurs.length, peopleCreated: usedNew.size, reviewPairs: reviewRows.length, byRoute },
        });
        return { links: stillOurs.length, peopleCreated: usedNew.size, events, familyUnits, byRoute, seconds };
      });
      await pending;
      progress(100, 'done');
      await pending;
      return {
        runId, mode: options.mode, recordsTotal: known.length - people.length + incomingRows.length, recordsIncoming: incomingRows.length, linksWritten: written.links,
        peopleCreated: written.peopleCreated, eventsLinked: written.events, reviewPairs: reviewRows.length, households, familyUnitsCreated: written.familyUnits,
        byRoute: written.byRoute, seconds: written.seconds,
      };
    } catch (error) {
      await pending;
      await withTenant(db, localAuthorityId, (tx) => linkageRepository.updateRun(tx, runId, { status: 'failed', error: error instanceof Error ? error.message : String(error), finished_at: clock.now() }));
      throw error;
    }
  }

  /**
   * Households whose people are in no family unit yet and include a child become family units
   * (children as 'child', adults as 'other_adult': a source rarely says who is whose parent).
   * People already in a family unit (the demo's, from truth) are never touched.
   */
  async function familyUnitsFromHouseholds(tx: Tx, localAuthorityId: string, rows: Array<{ person_id: string; household: number }>): Promise<number> {
    const free = await linkageRepository.peopleWithoutFamily(tx);
    const byHousehold = new Map<number, string[]>();
    for (const r of rows) { const l = byHousehold.get(r.household) ?? []; l.push(r.person_id); byHousehold.set(r.household, l); }
    const people = new Map((await linkageRepository.people(tx)).map((p) => [p.id, p]));
    const date = today();
    const families: Array<{ id: string; members: PersonRow[] }> = [];
    for (const members of byHousehold.values()) {
      if (members.length < 2 || !members.every((m) => free.has(m))) continue;
      const list = members.map((m) => people.get(m)).filter((p): p is PersonRow => p !== undefined);
      if (!list.some((p) => { const a = ageOn(p.date_of_birth, date); return a !== null && a < 18; })) continue;
      families.push({ id: randomUUID(), members: list });
    }
    if (families.length === 0) return 0;
    const addresses = await linkageRepository.latestAddresses(tx, families.flatMap((f) => f.members.map((m) => m.id)));
    await personRepository.insertFamilies(tx, families.map((f) => {
      const adult = f.members.find((m) => (ageOn(m.date_of_birth, date) ?? 0) >= 18) ?? f.members[0]!;
      const home = f.members.map((m) => addresses.get(m.id)).find((a) => a);
      return { id: f.id, local_authority_id: localAuthorityId, reference: `FAM-L${f.id.slice(0, 8).toUpperCase()}`, name: `${adult.family_name || 'Unnamed'} household`, locality: null, address: home?.address ?? null, postcode: home?.postcode ?? null };
    }));
    await personRepository.insertMemberships(tx, families.flatMap((f) => f.members.map((m) => {
      const age = ageOn(m.date_of_birth, date);
      return { local_authority_id: localAuthorityId, family_unit_id: f.id, person_id: m.id, role: age !== null && age < 18 ? ('child' as const) : ('other_adult' as const), from_date: date, to_date: null };
    })));
    return families.length;
  }

  function emptyOutput(): EngineOutput {
    return {
      links: [], review: [], newPersons: 0, households: new Map(), householdCount: 0, communalAddresses: 0, histogram: [], byRoute: {},
      model: {} as ModelParams, trained: false, refusedDecisions: 0,
      stats: { records: 0, candidatePairs: 0, keptPairs: 0, linkedPairs: 0, refusedLinks: 0, reviewPairs: 0, persons: 0, oversizedBlocks: 0, seconds: {} },
    };
  }

  /** After a split or merge: ask for a re-evaluation if a job for it exists; the change is recorded either way. */
  async function afterPeopleChanged(tx: Tx, ctx: RequestContext, personIds: string[]): Promise<string | null> {
    if (!jobs.get(REEVALUATE_JOB)) return null;
    return queue.enqueue(tx, { localAuthorityId: ctx.actor.localAuthorityId, name: REEVALUATE_JOB, payload: { personIds, reason: 'linkage' }, createdBy: ctx.actor.id });
  }

  async function personOr404(tx: Tx, id: string) {
    if (!isUuid(id)) throw new NotFoundError('Person');
    const p = await linkageRepository.person(tx, id);
    if (!p) throw new NotFoundError('Person');
    return p;
  }

  /** One side of a review pair: a source record, or a known person's own details. */
  async function sideOf(tx: Tx, recordId: string | null, personId: string | null) {
    if (recordId) {
      const r = await linkageRepository.sourceRecord(tx, recordId);
      if (!r) throw new NotFoundError('Record');
      const person = r.person_id ? await linkageRepository.person(tx, r.person_id) : null;
      return { kind: 'record' as const, id: r.id, source: r.source, recordKey: r.record_key, identity: identityOf(r), person, route: r.route, weight: r.match_weight };
    }
    const p = await personOr404(tx, personId ?? '');
    return { kind: 'person' as const, id: p.id, source: 'Known person', recordKey: '', identity: registerOf({ ...p, date_of_birth: p.date_of_birth }), person: p, route: null, weight: null };
  }

  function validateSettings(input: { autoLink: string; review: string }): { autoLink: number; review: number } {
    const errors: Record<string, string> = {};
    const parse = (v: string) => (/^\s*(0?\.\d+|1(\.0+)?|0)\s*$/.test(v) ? Number(v) : NaN);
    const auto = parse(input.autoLink);
    const review = parse(input.review);
    if (input.autoLink.trim() === '') errors.autoLink = 'Enter the probability for automatic linking, for example 0.9';
    else if (!(auto > 0 && auto < 1)) errors.autoLink = 'Automatic linking must be a probability between 0 and 1, for example 0.9';
    if (input.review.trim() === '') errors.review = 'Enter the probability for review, for example 0.5';
    else if (!(review > 0 && review < 1)) errors.review = 'Review must be a probability between 0 and 1, for example 0.5';
    if (!errors.autoLink && !errors.review && !(review < auto)) errors.review = 'Review must be lower than automatic linking';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    return { autoLink: auto, review };
  }

  return {
    runLinkage,

    async settings(ctx: RequestContext): Promise<LinkageSettings> {
      return withTenant(db, ctx.actor.localAuthorityId, (tx) => settingsIn(tx));
    },

    async saveSettings(ctx: RequestContext, input: { autoLink: string; review: string; createFamilyUnits: boolean }): Promise<void> {
      const v = validateSettings(input);
      await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const before = await settingsIn(tx);
        await linkageRepository.saveSettings(tx, { local_authority_id: ctx.actor.localAuthorityId, auto_link: v.autoLink, review: v.review, create_family_units: input.createFamilyUnits, updated_by: ctx.actor.id });
        await audit.record(tx, ctx, { action: 'linkage.settings', subjectType: 'linkage_settings', details: { before, after: { ...v, createFamilyUnits: input.createFamilyUnits } } });
      });
    },

    async startRun(ctx: RequestContext, mode: string): Promise<string> {
      if (mode !== 'incremental' && mode !== 'full') throw new ValidationError({ mode: 'Choose new records only, or link everything again' });
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const jobId = await queue.enqueue(tx, { localAuthorityId: ctx.actor.localAuthorityId, name: LINK_JOB, payload: { mode }, createdBy: ctx.actor.id, maxAttempts: 2 });
        await audit.record(tx, ctx, { action: 'linkage.start', subjectType: 'job', subjectId: jobId, details: { mode } });
        return jobId;
      });
    },

    async overview(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const [settings, runs, counts] = await Promise.all([settingsIn(tx), linkageRepository.runs(tx, 20), linkageRepository.reviewCounts(tx)]);
        const lastRun = runs.find((r) => r.status === 'succeeded');
        const changes = await linkageRepository.changesSince(tx, lastRun?.finished_at ?? null);
        return { settings, runs, counts, changes };
      });
    },

    async run(ctx: RequestContext, id: string) {
      if (!isUuid(id)) throw new NotFoundError('Linkage run');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const run = await linkageRepository.run(tx, id);
        if (!run) throw new NotFoundError('Linkage run');
        return { run, histogram: run.histogram as HistogramBin[] };
      });
    },

    async reviewQueue(ctx: RequestContext, status: ReviewStatus, page: { limit: number; offset: number }) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const [pairs, counts, settings] = await Promise.all([linkageRepository.reviewQueue(tx, status, page.limit, page.offset), linkageRepository.reviewCounts(tx), settingsIn(tx)]);
        await audit.record(tx, ctx, { action: 'linkage.review_queue.read', subjectType: 'review_pair', details: { status, shown: pairs.length, offset: page.offset } });
        return { pairs, counts, settings };
      });
    },

    async reviewPair(ctx: RequestContext, id: string) {
      if (!isUuid(id)) throw new NotFoundError('Pair');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const pair = await linkageRepository.reviewPair(tx, id);
        if (!pair) throw new NotFoundError('Pair');
        const [a, b, settings] = await Promise.all([sideOf(tx, pair.record_id, null), sideOf(tx, pair.other_record_id, pair.other_person_id), settingsIn(tx)]);
        const explanation = pair.explanation as PairExplanation;
        const fields = SIDE_FIELDS.map((f) => {
          const c = explanation.fields.find((x) => x.field === f.field);
          return { label: f.label, a: a.identity[f.key], b: b.identity[f.key], level: c?.label ?? 'missing', weight: c?.weight ?? 0, tf: c?.tfAdjustment ?? 0 };
        });
        await audit.record(tx, ctx, { action: 'linkage.pair.read', subjectType: 'review_pair', subjectId: pair.id, details: { record: pair.record_id, other: pair.other_record_id ?? pair.other_person_id } });
        return { pair, a, b, fields, explanation, settings, thresholds: { auto: probabilityToWeight(settings.autoLink), review: probabilityToWeight(settings.review) } };
      });
    },

    /** Records a decision; a match links the record to the other side's person at once. */
    async decide(ctx: RequestContext, id: string, decision: string): Promise<{ next: string | null; moved: boolean; samePerson: boolean }> {
      if (!DECISIONS.some((d) => d.value === decision)) throw new ValidationError({ decision: 'Choose match, not a match or unsure' });
      if (!isUuid(id)) throw new NotFoundError('Pair');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const pair = await linkageRepository.reviewPair(tx, id);
        if (!pair) throw new NotFoundError('Pair');
        await linkageRepository.decide(tx, id, decision as ReviewStatus, ctx.actor.id);
        const a = await linkageRepository.sourceRecord(tx, pair.record_id);
        const otherPerson = pair.other_person_id ?? (pair.other_record_id ? (await linkageRepository.sourceRecord(tx, pair.other_record_id))?.person_id : null) ?? null;
        let moved = false;
        if (decision === 'match' && a && otherPerson && a.person_id !== otherPerson) {
          if (!a.person_id) {
            await linkageRepository.writeLinks(tx, ctx.actor.localAuthorityId, pair.run_id ?? null, RULE_VERSION, ctx.actor.id, [{ source_record_id: a.id, person_id: otherPerson, route: 'review', match_weight: pair.match_weight, partner_record_id: pair.other_record_id ?? null, partner_person_id: pair.other_person_id ?? null, explanation: JSON.stringify(pair.explanation) }]);
          } else {
            await linkageRepository.moveLinks(tx, [a.id], otherPerson, ctx.actor.id, RULE_VERSION);
            await tx.updateTable('person_link').set({ route: 'review', match_weight: pair.match_weight }).where('source_record_id', '=', a.id).execute();
          }
          moved = true;
          await afterPeopleChanged(tx, ctx, [otherPerson, ...(a.person_id ? [a.person_id] : [])]);
        }
        await audit.record(tx, ctx, {
          action: 'linkage.pair.decide', subjectType: 'review_pair', subjectId: id,
          details: { decision, record: pair.record_id, other: pair.other_record_id ?? pair.other_person_id, matchWeight: pair.match_weight, moved, from: a?.person_id ?? null, to: moved ? otherPerson : null },
        });
        const next = await linkageRepository.nextPending(tx, id);
        return { next, moved, samePerson: decision === 'non_match' && a?.person_id === otherPerson };
      });
    },

    async person(ctx: RequestContext, id: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const person = await personOr404(tx, id);
        const [records, families, household, changes] = await Promise.all([
          linkageRepository.personRecords(tx, id), linkageRepository.personFamilies(tx, id), linkageRepository.householdOf(tx, id), linkageRepository.personChanges(tx, id),
        ]);
        await audit.record(tx, ctx, { action: 'person.read', subjectType: 'person', subjectId: id, details: { view: 'linkage', records: records.length } });
        return { person, records, families, household, changes };
      });
    },

    async searchPeople(ctx: RequestContext, text: string) {
      const t = text.trim();
      if (t.length < 2) return [];
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const rows = await linkageRepository.searchPeople(tx, t.slice(0, 100), 50);
        await audit.record(tx, ctx, { action: 'person.search', subjectType: 'person', details: { text: t.slice(0, 100), results: rows.length } });
        return rows;
      });
    },

    /** Moves the chosen records off a person into a new person. */
    async split(ctx: RequestContext, personId: string, recordIds: string[], reason: string): Promise<{ newPersonId: string; jobId: string | null }> {
      const errors: Record<string, string> = {};
      const ids = [...new Set(recordIds)].filter(isUuid);
      if (ids.length === 0) errors.records = 'Select the records to split off into a new person';
      if (!reason.trim()) errors.reason = 'Enter why these records are a different person';
      else if (reason.length > 1000) errors.reason = 'Reason must be 1,000 characters or fewer';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        await personOr404(tx, personId);
        const records = await linkageRepository.personRecords(tx, personId);
        const chosen = records.filter((r) => ids.includes(r.id));
        if (chosen.length !== ids.length) throw new ValidationError({ records: 'Select only records of this person' });
        if (chosen.length === records.length) throw new ValidationError({ records: 'Leave at least one record with this person; to give the person another identity, merge instead' });
        const newPersonId = randomUUID();
        await linkageRepository.insertPeople(tx, ctx.actor.localAuthorityId, [personFromRecords(newPersonId, chosen.map((r) => identityOf(r)))]);
        const events = await linkageRepository.moveLinks(tx, ids, newPersonId, ctx.actor.id, RULE_VERSION);
        await linkageRepository.insertChange(tx, { local_authority_id: ctx.actor.localAuthorityId, kind: 'split', person_id: personId, other_person_id: newPersonId, source_record_ids: ids, reason: reason.trim(), details: { events }, changed_by: ctx.actor.id });
        const jobId = await afterPeopleChanged(tx, ctx, [personId, newPersonId]);
        await audit.record(tx, ctx, { action: 'person.split', subjectType: 'person', subjectId: personId, details: { newPersonId, records: ids, events, reason: reason.trim(), reevaluation: jobId } });
        return { newPersonId, jobId };
      });
    },

    /** Merges `otherId` into `personId`: links, events and memberships move; the other person stays, empty, for the record. */
    async merge(ctx: RequestContext, personId: string, otherId: string, reason: string): Promise<{ keptId: string; goneId: string; jobId: string | null }> {
      const errors: Record<string, string> = {};
      if (!isUuid(otherId)) errors.otherId = 'Choose the person to merge with';
      else if (otherId === personId) errors.otherId = 'Choose a different person to merge with';
      if (!reason.trim()) errors.reason = 'Enter why these are the same person';
      else if (reason.length > 1000) errors.reason = 'Reason must be 1,000 characters or fewer';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        await personOr404(tx, personId);
        const other = await linkageRepository.person(tx, otherId);
        if (!other) throw new ValidationError({ otherId: 'No person has that id' });
        // casework stays with its person: merge the other way round when only the other has some
        let [keep, gone] = [personId, otherId];
        const [keepWork, goneWork] = await Promise.all([linkageRepository.personHasCasework(tx, keep), linkageRepository.personHasCasework(tx, gone)]);
        if (goneWork.length && keepWork.length) throw new ConflictError(`Both people have case work (${[...new Set([...keepWork, ...goneWork])].join(', ')}): a person cannot be merged while their case work points to them.`);
        if (goneWork.length) [keep, gone] = [gone, keep];
        const records = (await linkageRepository.personRecords(tx, gone)).map((r) => r.id);
        const events = await linkageRepository.moveLinks(tx, records, keep, ctx.actor.id, RULE_VERSION);
        const direct = await linkageRepository.moveDirectEvents(tx, gone, keep);
        const memberships = await linkageRepository.moveMemberships(tx, gone, keep, today());
        await linkageRepository.moveReviewPairs(tx, gone, keep);
        await linkageRepository.settleReviewPairs(tx);
        await linkageRepository.insertChange(tx, { local_authority_id: ctx.actor.localAuthorityId, kind: 'merge', person_id: keep, other_person_id: gone, source_record_ids: records, reason: reason.trim(), details: { events: events + direct, memberships }, changed_by: ctx.actor.id });
        const jobId = await afterPeopleChanged(tx, ctx, [keep, gone]);
        await audit.record(tx, ctx, { action: 'person.merge', subjectType: 'person', subjectId: keep, details: { merged: gone, records, events: events + direct, memberships, reason: reason.trim(), reevaluation: jobId } });
        return { keptId: keep, goneId: gone, jobId };
      });
    },
  };
}

export type LinkageService = ReturnType<typeof createLinkageService>;
