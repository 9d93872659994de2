// Frameworks as data: the shipped frameworks installed per council, versions and their history,
// editing a draft's descriptors and family rule, the test panel, and publishing. A published
// version never changes (the database refuses); editing starts a new draft version.
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant, type Tx } from '../../db/tenant.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { isUuid } from '../../platform/ids.ts';
import { evaluateChunk } from '../identification/evaluation.engine.ts';
import { evaluationRepository } from '../identification/evaluation.repository.ts';
import { compareDefinitions, stableJson, type VersionChange } from './compare.ts';
import { frameworkRepository } from './framework.repository.ts';
import type { VersionDefinition } from './framework.tables.ts';
import { defaultTermCalendar, prepareFramework } from './rules.ts';
import type { DescriptorDef, FamilyExpr, FrameworkDefinition, HeadlineDef, Provenance } from './rule.types.ts';
import { WHO_PRESETS } from './rule.types.ts';
import { SHIPPED_FRAMEWORKS } from './seed/index.ts';
import { definitionProblems, ruleProblems } from './validate.ts';

/** Installs any shipped framework the council does not have yet (version 1, published). */
export async function ensureShippedFrameworks(tx: Tx, localAuthorityId: string): Promise<void> {
  const have = new Set(await frameworkRepository.codes(tx));
  for (const def of SHIPPED_FRAMEWORKS) if (!have.has(def.code)) await frameworkRepository.install(tx, localAuthorityId, def);
}

export interface TestPanelResult {
  date: string;
  familiesEvaluated: number;
  familiesMatched: number;
  peopleMatched: number;
  examples: Array<{ familyUnitId: string; reference: string; name: string; people: Array<{ personId: string | null; name: string; events: Array<{ id: string; type: string; occurred_on: string; ended_on: string | null; attributes: Record<string, unknown> }> }> }>;
}

/** The family rule's switch where the sources disagree: the count node of 'needs' or 'headlines' at the top level. */
export function findCountNode(expr: FamilyExpr): Extract<FamilyExpr, { op: 'count' }> | null {
  if (expr.op === 'count' && !expr.headlines) return expr;
  if (expr.op === 'all' || expr.op === 'any') for (const x of expr.of) { const f = findCountNode(x); if (f) return f; }
  return null;
}

/** True when the family rule counts this headline by name (it cannot be removed while it does). */
export function familyRuleUsesHeadline(expr: FamilyExpr, code: string): boolean {
  if (expr.op === 'count') return expr.headlines?.includes(code) ?? false;
  if (expr.op === 'all' || expr.op === 'any') return expr.of.some((x) => familyRuleUsesHeadline(x, code));
  return false;
}

export interface HeadlineInput { code: string; name: string; description: string }
export interface LocalFrameworkInput { name: string; code: string; description: string; start: string; fromVersionId: string }

const HEADLINE_CODE = /^[a-z][a-z0-9_]{1,39}$/;
const FRAMEWORK_CODE = /^[a-z][a-z0-9_]{2,29}$/;
const SHIPPED_CODES = new Set(SHIPPED_FRAMEWORKS.map((f) => f.code));

/** Where a council's own framework starts when it is created from scratch: Hearth defaults, every one marked so. */
export function blankLocalDefinition(input: { name: string; description: string; today: string; by: string }): VersionDefinition {
  const hearth = (note: string): Provenance => ({ status: 'default', source: 'Hearth default for a new local framework (configurable)', note });
  return {
    name: input.name,
    description: input.description,
    validFrom: input.today,
    validTo: null,
    headlines: [],
    familyRule: {
      op: 'all',
      label: 'Eligible',
      of: [
        { op: 'any', label: 'Has a child or an expected baby', of: [{ op: 'members', who: { ...WHO_PRESETS.child!.who }, min: 1 }, { op: 'members', who: { ...WHO_PRESETS.expected_child!.who }, min: 1 }], provenance: hearth('families with dependent children or a pregnancy') },
        { op: 'count', of: 'needs', min: 2, label: 'Enough needs', provenance: hearth('two distinct needs: set your own on the version page') },
      ],
    },
    settings: { staleAfterDays: 90, schoolAgeMin: 5, schoolAgeMax: 16, provenance: { staleAfterDays: hearth('90 days'), schoolAge: hearth('compulsory school age 5 to 16') } },
    sources: [{ ref: 'local', title: `The council's own outcome plan, created in Hearth by ${input.by} on ${input.today}` }],
    local: true,
  };
}

export function createFrameworkService(db: Db, audit: AuditService, clock: Clock) {
  async function draftOrFail(tx: Tx, versionId: string) {
    if (!isUuid(versionId)) throw new NotFoundError('Framework version');
    const v = await frameworkRepository.version(tx, versionId);
    if (!v) throw new NotFoundError('Framework version');
    if (v.status !== 'draft') throw new ConflictError('This version is published and cannot change. Start a new draft to edit it.');
    return v;
  }

  return {
    async list(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        await ensureShippedFrameworks(tx, ctx.actor.localAuthorityId);
        return (await frameworkRepository.list(tx)).map((f) => ({ ...f, shipped: SHIPPED_CODES.has(f.code) }));
      });
    },

    /** The latest published version of a framework by code (installing the shipped ones first). */
    async publishedVersionId(localAuthorityId: string, code: string): Promise<string | null> {
      return withTenant(db, localAuthorityId, async (tx) => {
        await ensureShippedFrameworks(tx, localAuthorityId);
        return (await frameworkRepository.latestPublishedByCode(tx, code))?.id ?? null;
      });
    },

    async version(ctx: RequestContext, versionId: string) {
      if (!isUuid(versionId)) throw new NotFoundError('Framework version');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const v = await frameworkRepository.version(tx, versionId);
        if (!v) throw new NotFoundError('Framework version');
        const [definition, versions, runs] = await Promise.all([frameworkRepository.definition(tx, versionId), frameworkRepository.versions(tx, v.framework_id), frameworkRepository.runsOfVersion(tx, versionId)]);
        const basedOnVersion = v.based_on_version_id ? await frameworkRepository.version(tx, v.based_on_version_id) : undefined;
        const based = v.based_on_version_id ? await frameworkRepository.definition(tx, v.based_on_version_id) : undefined;
        const changed = based && definition ? changedDescriptors(based, definition) : null;
        const changes = based && definition ? compareDefinitions(based, definition) : null;
        const basedOn = basedOnVersion ? { id: basedOnVersion.id, version: basedOnVersion.version, frameworkName: basedOnVersion.framework_name, sameFramework: basedOnVersion.framework_id === v.framework_id } : null;
        // The history: each version against the one before it (by number) in this framework.
        const all = await frameworkRepository.definitionsOfFramework(tx, v.framework_id);
        const history = versions.map((x) => {
          const previous = versions.find((p) => p.version === x.version - 1);
          const now = all.get(x.id);
          const before = previous ? all.get(previous.id) : undefined;
          const copied = now?.copiedFrom;
          return {
            ...x,
            previousVersion: previous?.version ?? null,
            changes: now && before ? compareDefinitions(before, now) : null,
            origin: before ? null : copied ? `Copied from ${copied.name}, version ${copied.version}` : now?.local ? 'Created by the council' : 'Shipped with Hearth',
          };
        });
        return { version: v, definition: definition as FrameworkDefinition, versions, runs, changed, changes, basedOn, history, shipped: SHIPPED_CODES.has(v.code) };
      });
    },

    async createDraft(ctx: RequestContext, versionId: string): Promise<string> {
      if (!isUuid(versionId)) throw new NotFoundError('Framework version');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const v = await frameworkRepository.version(tx, versionId);
        if (!v) throw new NotFoundError('Framework version');
        const existing = (await frameworkRepository.versions(tx, v.framework_id)).find((x) => x.status === 'draft');
        if (existing) return existing.id;
        const definition = await frameworkRepository.definition(tx, versionId);
        const number = await frameworkRepository.nextVersionNumber(tx, v.framework_id);
        const { descriptors, code: _code, ...rest } = definition as FrameworkDefinition;
        const id = await frameworkRepository.insertVersion(tx, { local_authority_id: ctx.actor.localAuthorityId, framework_id: v.framework_id, version: number, definition: rest, based_on_version_id: versionId, created_by: ctx.actor.id });
        await frameworkRepository.insertDescriptors(tx, ctx.actor.localAuthorityId, id, descriptors);
        await audit.record(tx, ctx, { action: 'framework.draft', subjectType: 'framework_version', subjectId: id, details: { framework: v.code, version: number, basedOn: v.version } });
        return id;
      });
    },

    async descriptor(ctx: RequestContext, versionId: string, code: string) {
      if (!isUuid(versionId)) throw new NotFoundError('Descriptor');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const v = await frameworkRepository.version(tx, versionId);
        if (!v) throw new NotFoundError('Descriptor');
        const d = await frameworkRepository.descriptor(tx, versionId, code);
        if (!d) throw new NotFoundError('Descriptor');
        return { version: v, descriptor: d, headlines: (v.definition as VersionDefinition).headlines };
      });
    },

    /** Saves a descriptor of a draft (code null = a new local descriptor). */
    async saveDescriptor(ctx: RequestContext, versionId: string, code: string | null, d: DescriptorDef): Promise<string> {
      const problems = d.rule ? ruleProblems(d.rule) : [];
      const errors: Record<string, string> = {};
      if (!d.name.trim()) errors.name = 'Enter a name for the descriptor';
      if (code === null && !/^[a-z0-9_.]{3,60}$/.test(d.code)) errors.code = 'Code must be 3 to 60 lower-case letters, digits, dots or underscores';
      if (problems.length) errors.rule = problems.join('. ');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const v = await draftOrFail(tx, versionId);
        const headlines = (v.definition as VersionDefinition).headlines.map((h) => h.code);
        if (!headlines.includes(d.headline)) errors.headline = 'Choose a headline';
        if (Object.keys(errors).length) throw new ValidationError(errors);
        if (code === null) {
          if (await frameworkRepository.descriptor(tx, versionId, d.code)) throw new ValidationError({ code: 'A descriptor with this code already exists' });
          const pos = await frameworkRepository.maxPosition(tx, versionId);
          await frameworkRepository.insertDescriptors(tx, ctx.actor.localAuthorityId, versionId, [{ ...d, local: true }], pos + 1);
        } else {
          const existing = await frameworkRepository.descriptor(tx, versionId, code);
          if (!existing) throw new NotFoundError('Descriptor');
          await frameworkRepository.updateDescriptor(tx, existing.id, { ...d, code });
        }
        await audit.record(tx, ctx, { action: code === null ? 'framework.descriptor.add' : 'framework.descriptor.edit', subjectType: 'framework_version', subjectId: versionId, details: { descriptor: code ?? d.code, rule: d.rule } });
        return code ?? d.code;
      });
    },

    /** The "three needs or three headlines" switch and its minimum. */
    async setFamilyCount(ctx: RequestContext, versionId: string, of: 'needs' | 'headlines', min: number): Promise<void> {
      if (of !== 'needs' && of !== 'headlines') throw new ValidationError({ countOf: 'Choose needs or headlines' });
      if (!Number.isInteger(min) || min < 1 || min > 20) throw new ValidationError({ countMin: 'Enter a whole number from 1 to 20' });
      await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const v = await draftOrFail(tx, versionId);
        const def = structuredClone(v.definition as VersionDefinition);
        const node = findCountNode(def.familyRule);
        if (!node) throw new ConflictError('This framework\'s family rule has no overall count to switch.');
        node.of = of;
        node.min = min;
        node.provenance = { status: 'local', source: `Set by ${ctx.actor.displayName} on ${isoDate(clock.now())}`, note: node.provenance ? `was: ${node.provenance.source}${node.provenance.note ? ` (${node.provenance.note})` : ''}` : '' };
        await frameworkRepository.updateDraftDefinition(tx, versionId, def);
        await audit.record(tx, ctx, { action: 'framework.family_rule.edit', subjectType: 'framework_version', subjectId: versionId, details: { of, min } });
      });
    },

    /** A headline of a version, with what depends on it (for the headline form and the remove page). */
    async headline(ctx: RequestContext, versionId: string, code: string) {
      if (!isUuid(versionId)) throw new NotFoundError('Headline');
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const v = await frameworkRepository.version(tx, versionId);
        if (!v) throw new NotFoundError('Headline');
        const def = v.definition as VersionDefinition;
        const headline = def.headlines.find((h) => h.code === code);
        if (!headline) throw new NotFoundError('Headline');
        const descriptors = (await frameworkRepository.descriptors(tx, versionId)).filter((d) => d.headline === code).map((d) => ({ code: d.code, name: d.name }));
        return { version: v, headline, descriptors, usedByFamilyRule: familyRuleUsesHeadline(def.familyRule, code) };
      });
    },

    /** Adds a local headline to a draft (code null) or edits one; only local headlines can change. */
    async saveHeadline(ctx: RequestContext, versionId: string, code: string | null, input: HeadlineInput): Promise<string> {
      const errors: Record<string, string> = {};
      const newCode = input.code.trim();
      const name = input.name.trim();
      const description = input.description.trim();
      if (code === null) {
        if (!newCode) errors.code = 'Enter a code for the headline';
        else if (!HEADLINE_CODE.test(newCode)) errors.code = 'Code must be 2 to 40 lower-case letters, digits or underscores, starting with a letter';
      }
      if (!name) errors.name = 'Enter a name for the headline';
      else if (name.length > 150) errors.name = 'Name must be 150 characters or fewer';
      if (description.length > 1000) errors.description = 'Description must be 1000 characters or fewer';
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const v = await draftOrFail(tx, versionId);
        const def = structuredClone(v.definition as VersionDefinition);
        const today = isoDate(clock.now());
        if (code === null) {
          if (!errors.code && def.headlines.some((h) => h.code === newCode)) errors.code = 'A headline with this code already exists in this version';
          if (Object.keys(errors).length) throw new ValidationError(errors);
          const headline: HeadlineDef = { code: newCode, name, ...(description ? { description } : {}), local: true, provenance: { status: 'local', source: `Added by ${ctx.actor.displayName} on ${today}` } };
          def.headlines.push(headline);
        } else {
          const h = def.headlines.find((x) => x.code === code);
          if (!h) throw new NotFoundError('Headline');
          if (!h.local) throw new ConflictError('This headline is part of the national framework and cannot be changed. Add a local headline instead.');
          if (Object.keys(errors).length) throw new ValidationError(errors);
          if (h.name === name && (h.description ?? '') === description) return code;
          const was = h.provenance;
          h.name = name;
          if (description) h.description = description;
          else delete h.description;
          h.provenance = { status: 'local', source: `Edited by ${ctx.actor.displayName} on ${today}`, note: `was: ${was.source}` };
        }
        await frameworkRepository.updateDraftDefinition(tx, versionId, def);
        await audit.record(tx, ctx, { action: code === null ? 'framework.headline.add' : 'framework.headline.edit', subjectType: 'framework_version', subjectId: versionId, details: { headline: code ?? newCode, name, description } });
        return code ?? newCode;
      });
    },

    /** Removes a local headline from a draft, refusing while descriptors sit under it or the family rule counts it. */
    async removeHeadline(ctx: RequestContext, versionId: string, code: string): Promise<void> {
      await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const v = await draftOrFail(tx, versionId);
        const def = structuredClone(v.definition as VersionDefinition);
        const h = def.headlines.find((x) => x.code === code);
        if (!h) throw new NotFoundError('Headline');
        if (!h.local) throw new ConflictError('This headline is part of the national framework and cannot be removed.');
        const under = (await frameworkRepository.descriptors(tx, versionId)).filter((d) => d.headline === code);
        if (under.length) {
          throw new ValidationError({ confirm: `“${h.name}” still has ${under.length === 1 ? 'a descriptor' : `${under.length} descriptors`} (${under.map((d) => d.name).join(', ')}). Remove ${under.length === 1 ? 'it' : 'them'} or move ${under.length === 1 ? 'it' : 'them'} to another headline first.` });
        }
        if (familyRuleUsesHeadline(def.familyRule, code)) throw new ValidationError({ confirm: `The family rule counts “${h.name}” by name, so it cannot be removed while the rule uses it.` });
        def.headlines = def.headlines.filter((x) => x.code !== code);
        await frameworkRepository.updateDraftDefinition(tx, versionId, def);
        await audit.record(tx, ctx, { action: 'framework.headline.remove', subjectType: 'framework_version', subjectId: versionId, details: { headline: code, name: h.name } });
      });
    },

    /** Removes a local descriptor from a draft; national descriptors cannot be removed, only edited. */
    async removeDescriptor(ctx: RequestContext, versionId: string, code: string): Promise<void> {
      await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        await draftOrFail(tx, versionId);
        const d = await frameworkRepository.descriptor(tx, versionId, code);
        if (!d) throw new NotFoundError('Descriptor');
        if (!d.local) throw new ConflictError('This descriptor is part of the national framework and cannot be removed. You can change its rule in this draft instead.');
        await frameworkRepository.deleteDescriptor(tx, d.id);
        await audit.record(tx, ctx, { action: 'framework.descriptor.remove', subjectType: 'framework_version', subjectId: versionId, details: { descriptor: code, name: d.name, headline: d.headline } });
      });
    },

    /**
     * A council's own framework, from scratch or as a copy of another framework's version under a
     * new code and name. It starts as draft version 1; every headline and descriptor in it is local.
     * Returns the draft version's id.
     */
    async createLocalFramework(ctx: RequestContext, input: LocalFrameworkInput): Promise<string> {
      const name = input.name.trim();
      const code = input.code.trim();
      const description = input.description.trim();
      const errors: Record<string, string> = {};
      if (!name) errors.name = 'Enter a name for the framework';
      else if (name.length > 150) errors.name = 'Name must be 150 characters or fewer';
      if (!code) errors.code = 'Enter a code for the framework';
      else if (!FRAMEWORK_CODE.test(code)) errors.code = 'Code must be 3 to 30 lower-case letters, digits or underscores, starting with a letter';
      else if (SHIPPED_CODES.has(code)) errors.code = 'This code belongs to a framework shipped with Hearth: choose another';
      if (description.length > 2000) errors.description = 'Description must be 2000 characters or fewer';
      if (input.start !== 'blank' && input.start !== 'copy') errors.start = 'Choose whether to start from scratch or from a copy';
      else if (input.start === 'copy' && !isUuid(input.fromVersionId)) errors.fromVersionId = 'Choose the framework version to copy';
      if (input.start === 'blank' && !description && !errors.description) errors.description = 'Enter a description: what the framework is for';
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        await ensureShippedFrameworks(tx, ctx.actor.localAuthorityId);
        if (!errors.code && (await frameworkRepository.frameworkByCode(tx, code))) errors.code = 'A framework with this code already exists';
        const from = input.start === 'copy' && !errors.fromVersionId ? await frameworkRepository.version(tx, input.fromVersionId) : undefined;
        if (input.start === 'copy' && !errors.fromVersionId && !from) errors.fromVersionId = 'Choose the framework version to copy';
        if (Object.keys(errors).length) throw new ValidationError(errors);
        const today = isoDate(clock.now());
        let definition: VersionDefinition;
        let descriptors: DescriptorDef[] = [];
        if (from) {
          const source = (await frameworkRepository.definition(tx, from.id)) as FrameworkDefinition;
          const { descriptors: ds, code: _code, ...rest } = source;
          definition = {
            ...rest,
            name,
            description: description || rest.description,
            headlines: rest.headlines.map((h) => ({ ...h, local: true })),
            sources: [...rest.sources, { ref: 'copy', title: `Copied from ${from.framework_name}, version ${from.version}, by ${ctx.actor.displayName} on ${today}` }],
            local: true,
            copiedFrom: { code: from.code, name: from.framework_name, version: from.version },
          };
          descriptors = ds.map((d) => ({ ...d, local: true }));
        } else {
          definition = blankLocalDefinition({ name, description, today, by: ctx.actor.displayName });
        }
        const frameworkId = await frameworkRepository.insertFramework(tx, ctx.actor.localAuthorityId, code, name);
        const id = await frameworkRepository.insertVersion(tx, { local_authority_id: ctx.actor.localAuthorityId, framework_id: frameworkId, version: 1, definition, based_on_version_id: from?.id ?? null, created_by: ctx.actor.id });
        await frameworkRepository.insertDescriptors(tx, ctx.actor.localAuthorityId, id, descriptors);
        await audit.record(tx, ctx, { action: 'framework.create', subjectType: 'framework', subjectId: frameworkId, details: { code, name, version: id, copiedFrom: from ? { code: from.code, version: from.version } : null } });
        return id;
      });
    },

    async publish(ctx: RequestContext, versionId: string, note: string): Promise<void> {
      if (!note.trim()) throw new ValidationError({ note: 'Say what changed in this version' });
      await withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const v = await draftOrFail(tx, versionId);
        const def = await frameworkRepository.definition(tx, versionId);
        const problems = def ? definitionProblems(def) : ['missing'];
        if (problems.length) throw new ValidationError({ note: `The version has problems: ${problems.join('; ')}` });
        await frameworkRepository.publish(tx, versionId, v.framework_id, ctx.actor.id, note.trim());
        await audit.record(tx, ctx, { action: 'framework.publish', subjectType: 'framework_version', subjectId: versionId, details: { framework: v.code, version: v.version, note: note.trim() } });
      });
    },

    /**
     * The test panel: evaluates one descriptor (as edited, not yet saved or published) over the
     * current population at a date, and shows which families and which events it matches.
     */
    async testDescriptor(ctx: RequestContext, versionId: string, d: DescriptorDef, date: string, limit = 20): Promise<TestPanelResult> {
      if (!isUuid(versionId)) throw new NotFoundError('Framework version');
      const problems = d.rule ? ruleProblems(d.rule) : ['This descriptor has no rule to test'];
      if (problems.length) throw new ValidationError({ rule: problems.join('. ') });
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const v = await frameworkRepository.version(tx, versionId);
        if (!v) throw new NotFoundError('Framework version');
        const base = v.definition as VersionDefinition;
        const def: FrameworkDefinition = { ...base, code: v.code, descriptors: [{ ...d, code: d.code || 'test' }], familyRule: { op: 'count', of: 'needs', min: 1 } };
        const terms = await evaluationRepository.termCalendar(tx, date);
        const prepared = prepareFramework(def, { date, terms: terms.length ? terms : defaultTermCalendar(date) });
        const ids = await evaluationRepository.familyIds(tx);
        let evaluated = 0;
        const matched: Array<Awaited<ReturnType<typeof evaluateChunk>>['needs'][number]> = [];
        const families = new Set<string>();
        for (let i = 0; i < ids.length; i += 4000) {
          const o = await evaluateChunk(tx, prepared, ids.slice(i, i + 4000), false);
          evaluated += o.evaluated;
          for (const n of o.needs) { matched.push(n); families.add(n.familyUnitId); }
        }
        const people = new Set(matched.map((n) => n.personId ?? `family:${n.familyUnitId}`));
        const exampleFamilies = [...families].slice(0, limit);
        const exampleNeeds = matched.filter((n) => exampleFamilies.includes(n.familyUnitId));
        const events = new Map((await evaluationRepository.eventsById(tx, [...new Set(exampleNeeds.flatMap((n) => n.evidence))])).map((e) => [e.id, e]));
        const examples: TestPanelResult['examples'] = [];
        for (const fid of exampleFamilies) {
          const fam = await tx.selectFrom('family_unit').select(['reference', 'name']).where('id', '=', fid).executeTakeFirst();
          const needs = exampleNeeds.filter((n) => n.familyUnitId === fid);
          const names = new Map((await tx.selectFrom('person').select(['id', 'given_name', 'family_name']).where('id', 'in', needs.map((n) => n.personId).filter((x): x is string => x !== null).concat(['00000000-0000-0000-0000-000000000000'])).execute()).map((p) => [p.id, `${p.given_name} ${p.family_name}`]));
          examples.push({
            familyUnitId: fid,
            reference: fam?.reference ?? '',
            name: fam?.name ?? '',
            people: needs.map((n) => ({ personId: n.personId, name: n.personId ? (names.get(n.personId) ?? 'Unknown') : 'The family', events: n.evidence.map((id) => events.get(id)).filter((e) => e !== undefined).map((e) => ({ id: e.id, type: e.type, occurred_on: e.occurred_on, ended_on: e.ended_on, attributes: e.attributes })) })),
          });
        }
        await audit.record(tx, ctx, { action: 'framework.test_panel', subjectType: 'framework_version', subjectId: versionId, details: { descriptor: d.code, date, families: families.size } });
        return { date, familiesEvaluated: evaluated, familiesMatched: families.size, peopleMatched: people.size, examples };
      });
    },
  };
}

/** Descriptors added, removed or changed between two versions (the version history's diff). */
export function changedDescriptors(before: FrameworkDefinition, after: FrameworkDefinition): Array<{ code: string; change: 'added' | 'removed' | 'changed' }> {
  const out: Array<{ code: string; change: 'added' | 'removed' | 'changed' }> = [];
  const old = new Map(before.descriptors.map((d) => [d.code, d]));
  const now = new Map(after.descriptors.map((d) => [d.code, d]));
  for (const [code, d] of now) {
    const o = old.get(code);
    if (!o) out.push({ code, change: 'added' });
    else if (stableJson({ ...o, local: o.local ?? false }) !== stableJson({ ...d, local: d.local ?? false })) out.push({ code, change: 'changed' });
  }
  for (const code of old.keys()) if (!now.has(code)) out.push({ code, change: 'removed' });
  if (stableJson(before.familyRule) !== stableJson(after.familyRule)) out.push({ code: 'family rule', change: 'changed' });
  return out;
}

export type FrameworkService = ReturnType<typeof createFrameworkService>;
export type { VersionChange };
