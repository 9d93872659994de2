// Evaluates a framework version over the whole linked population at a date. The family units are
// split into chunks; each chunk is read (members, then their events of the types the rules use),
// evaluated in JavaScript by the pure evaluator and written with batched inserts, in its own
// transaction, so progress can be reported between chunks (PGlite has one connection) and a
// server can run several chunks at once. A retried run starts again from nothing.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { withTenant, type Tx } from '../../db/tenant.ts';
import { frameworkRepository } from '../frameworks/framework.repository.ts';
import { ageAt, defaultTermCalendar, prepareFramework, type EventFact, type PreparedFramework } from '../frameworks/rules.ts';
import type { FrameworkDefinition } from '../frameworks/rule.types.ts';
import { evaluationRepository, type FamilyResultRow, type MemberRow, type NeedRow } from './evaluation.repository.ts';

export interface EngineOptions {
  chunkSize?: number;
  /** Chunks evaluated at once (1 on PGlite, which has one connection). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => Promise<void> | void;
}

export interface ChunkOutcome {
  families: FamilyResultRow[];
  needs: NeedRow[];
  evaluated: number;
}

/** Evaluates one chunk of families inside a transaction; writes nothing. */
export async function evaluateChunk(tx: Tx, prepared: PreparedFramework, familyIds: string[], withAgencies = true): Promise<ChunkOutcome> {
  const date = prepared.ctx.date;
  await evaluationRepository.preferIndexes(tx);
  const members = await evaluationRepository.members(tx, familyIds, date);
  const personIds = [...new Set(members.map((m) => m.personId))];
  const events = await evaluationRepository.events(tx, personIds, familyIds, prepared.eventTypes, prepared.earliest, date);
  const byPerson = new Map<string, EventFact[]>();
  const byFamily = new Map<string, EventFact[]>();
  for (const e of events) {
    if (e.personId) {
      const l = byPerson.get(e.personId);
      if (l) l.push(e);
      else byPerson.set(e.personId, [e]);
    } else if (e.familyUnitId) {
      const l = byFamily.get(e.familyUnitId);
      if (l) l.push(e);
      else byFamily.set(e.familyUnitId, [e]);
    }
  }
  const membersByFamily = new Map<string, MemberRow[]>();
  for (const m of members) {
    const l = membersByFamily.get(m.familyUnitId);
    if (l) l.push(m);
    else membersByFamily.set(m.familyUnitId, [m]);
  }
  const families: FamilyResultRow[] = [];
  const needs: NeedRow[] = [];
  let evaluated = 0;
  for (const familyUnitId of familyIds) {
    const fm = membersByFamily.get(familyUnitId);
    if (!fm) continue;
    evaluated++;
    const evs: EventFact[] = [...(byFamily.get(familyUnitId) ?? [])];
    for (const m of fm) for (const e of byPerson.get(m.personId) ?? []) evs.push(e);
    if (evs.length === 0) continue;
    const r = prepared.family(fm, evs);
    if (r.matches.length === 0) continue;
    const childAges = fm.filter((m) => m.role === 'child').map((m) => ageAt(m.dateOfBirth, date)).filter((a): a is number => a !== null && a < 18);
    families.push({
      familyUnitId,
      needs: r.needs,
      headlines: r.headlines,
      severity: r.severity,
      eligible: r.eligible,
      evidenceOldestOn: r.evidenceOldestOn,
      evidenceLatestOn: r.evidenceLatestOn,
      agencies: [],
      youngestChildAge: childAges.length ? Math.min(...childAges) : null,
      oldestChildAge: childAges.length ? Math.max(...childAges) : null,
      memberCount: new Set(fm.map((m) => m.personId)).size,
      trace: r.eligible ? r.trace : null,
    });
    for (const m of r.matches) needs.push({ familyUnitId, personId: m.personId, descriptor: m.descriptor, headline: m.headline, evidence: m.evidence, evidenceOn: m.evidenceOn });
  }
  if (withAgencies) {
    // Which agencies already work with each family: the sources of its evidence.
    const ids = [...new Set(needs.flatMap((n) => n.evidence))];
    const agencyOf = await evaluationRepository.eventAgencies(tx, ids);
    const perFamily = new Map<string, Set<string>>();
    for (const n of needs) {
      const s = perFamily.get(n.familyUnitId) ?? new Set<string>();
      for (const id of n.evidence) s.add(agencyOf.get(id) ?? 'Unknown source');
      perFamily.set(n.familyUnitId, s);
    }
    for (const f of families) f.agencies = [...(perFamily.get(f.familyUnitId) ?? [])].sort();
  }
  return { families, needs, evaluated };
}

/** One family's digest for the run's result hash: ids and dates only, in a fixed order. */
export function familyDigest(f: FamilyResultRow, needs: NeedRow[]): string {
  const n = needs
    .map((x) => `${x.descriptor}/${x.personId ?? '-'}/${x.evidenceOn}/${[...x.evidence].sort().join(',')}`)
    .sort()
    .join(';');
  return `${f.familyUnitId}|${f.needs.join(',')}|${f.eligible ? 1 : 0}|${f.severity}|${f.evidenceOldestOn ?? ''}|${f.evidenceLatestOn ?? ''}|${n}`;
}

export async function prepareForRun(tx: Tx, versionId: string, date: string): Promise<{ definition: FrameworkDefinition; prepared: PreparedFramework }> {
  const definition = await frameworkRepository.definition(tx, versionId);
  if (!definition) throw new Error(`Framework version ${versionId} not found`);
  const found = await evaluationRepository.termCalendar(tx, date);
  const terms = found.length > 0 ? found : defaultTermCalendar(date);
  return { definition, prepared: prepareFramework(definition, { date, terms }) };
}

/** Runs a queued or failed evaluation run to completion. Idempotent: a finished run is left alone. */
export async function runEvaluation(db: Db, localAuthorityId: string, runId: string, options: EngineOptions = {}): Promise<{ families: number; eligible: number; seconds: number; hash: string }> {
  const started = performance.now();
  const setup = await withTenant(db, localAuthorityId, async (tx) => {
    const run = await evaluationRepository.run(tx, runId);
    if (!run) throw new Error(`Evaluation run ${runId} not found`);
    if (run.status === 'succeeded') return { done: run } as const;
    const { prepared } = await prepareForRun(tx, run.framework_version_id, run.evaluation_date);
    await evaluationRepository.startRun(tx, runId, prepared.ctx.terms);
    const familyIds = await evaluationRepository.familyIds(tx);
    return { done: null, prepared, familyIds } as const;
  });
  if (setup.done) return { families: setup.done.families_evaluated, eligible: setup.done.eligible, seconds: 0, hash: setup.done.result_hash ?? '' };
  const { prepared, familyIds } = setup;

  const chunkSize = options.chunkSize ?? 4000;
  const chunks: string[][] = [];
  for (let i = 0; i < familyIds.length; i += chunkSize) chunks.push(familyIds.slice(i, i + chunkSize));
  const digests: string[] = [];
  const headlineCounts: Record<string, number> = {};
  const descriptorCounts: Record<string, number> = {};
  const people = new Set<string>();
  let evaluated = 0, withNeeds = 0, eligible = 0, done = 0;
  let next = 0;
  await options.onProgress?.(0, familyIds.length);

  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const ids = chunks[next++] as string[];
      const outcome = await withTenant(db, localAuthorityId, async (tx) => {
        const o = await evaluateChunk(tx, prepared, ids);
        await evaluationRepository.insertFamilies(tx, localAuthorityId, runId, o.families);
        await evaluationRepository.insertNeeds(tx, localAuthorityId, runId, o.needs);
        return o;
      });
      const needsByFamily = new Map<string, NeedRow[]>();
      for (const n of outcome.needs) {
        const l = needsByFamily.get(n.familyUnitId);
        if (l) l.push(n);
        else needsByFamily.set(n.familyUnitId, [n]);
        if (n.personId) people.add(n.personId);
      }
      for (const f of outcome.families) {
        digests.push(familyDigest(f, needsByFamily.get(f.familyUnitId) ?? []));
        if (f.eligible) eligible++;
        for (const h of f.headlines) headlineCounts[h] = (headlineCounts[h] ?? 0) + 1;
        for (const d of f.needs) descriptorCounts[d] = (descriptorCounts[d] ?? 0) + 1;
      }
      withNeeds += outcome.families.length;
      evaluated += outcome.evaluated;
      done += ids.length;
      await options.onProgress?.(done, familyIds.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () => worker()));
  } catch (error) {
    await withTenant(db, localAuthorityId, (tx) => evaluationRepository.failRun(tx, runId, error instanceof Error ? error.message : String(error)));
    throw error;
  }
  digests.sort();
  const hash = createHash('sha256');
  for (const d of digests) hash.update(d).update('\n');
  const resultHash = hash.digest('hex');
  const seconds = (performance.now() - started) / 1000;
  await withTenant(db, localAuthorityId, (tx) =>
    evaluationRepository.finishRun(tx, runId, {
      families_evaluated: evaluated,
      families_with_needs: withNeeds,
      eligible,
      result_hash: resultHash,
      summary: { headlines: headlineCounts, descriptors: descriptorCounts, people: people.size, seconds: Math.round(seconds * 10) / 10 },
    }),
  );
  return { families: evaluated, eligible, seconds, hash: resultHash };
}
