// The whole-family assessment: a council's configurable form (sections and questions as data,
// frozen into each assessment when it starts), each member's needs against the framework's
// headlines, the family's own account and the child's voice, and star-style scores over time.
import type { RequestContext } from '../../auth/permissions.ts';
import type { Db } from '../../db/database.ts';
import { withTenant, type Tx } from '../../db/tenant.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import { ConflictError, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { loadCaseContext, personName, requireArea, requireWritable } from '../cases/case-context.ts';
import { addDays, DUE_STATUS_LABELS, dueStatus } from '../cases/due.ts';
import { oneOf, readDate, requireText } from '../cases/form-helpers.ts';
import { assessmentRepository } from './assessment.repository.ts';
import type { FormSection } from './assessment.tables.ts';
import { DEFAULT_DIMENSIONS, DEFAULT_FORM_NAME, DEFAULT_SCALE_NAME, DEFAULT_SECTIONS, HEADLINES, SPECIAL_CATEGORY_HEADLINES } from './defaults.ts';
import { compareScores, comparisonSvg } from './scores.ts';

async function currentForm(tx: Tx) {
  const form = await assessmentRepository.currentForm(tx);
  return form ?? { id: null, name: DEFAULT_FORM_NAME, sections: DEFAULT_SECTIONS, revision: 0, updated_at: null };
}

async function currentScale(tx: Tx) {
  const scale = await assessmentRepository.scale(tx);
  return scale ?? { id: null, name: DEFAULT_SCALE_NAME, min_score: 1, max_score: 10, dimensions: DEFAULT_DIMENSIONS };
}

export function createAssessmentService(db: Db, audit: AuditService, clock: Clock) {
  return {
    async overview(ctx: RequestContext, caseId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireArea(c, 'assessment');
        const [assessment, needs, scale, scores] = await Promise.all([assessmentRepository.latest(tx, c.kase.id), assessmentRepository.needs(tx, c.kase.id), currentScale(tx), assessmentRepository.scores(tx, c.kase.id)]);
        const sections = (assessment?.sections ?? []).map((s) => ({ ...s, visible: c.see({ area: 'assessment', personIds: [], specialCategory: s.specialCategory }) }));
        const shownNeeds = needs.filter((n) => c.see({ area: 'assessment', personIds: n.person_id ? [n.person_id] : [], specialCategory: n.special_category }));
        const comparison = compareScores(scores, scale.dimensions);
        const dueOn = assessment?.due_on ?? addDays(c.kase.allocated_on ?? c.kase.opened_on, c.settings.assessment_due_days);
        await audit.record(tx, ctx, { action: 'assessment.read', subjectType: 'support_case', subjectId: c.kase.id });
        return {
          header: c.header,
          canWrite: c.canWrite,
          today: c.today,
          assessment: assessment ? { ...assessment, sections: sections.filter((s) => s.visible) } : null,
          hiddenSections: sections.filter((s) => !s.visible).length,
          due: { on: dueOn, label: DUE_STATUS_LABELS[dueStatus(dueOn, c.today)] },
          needs: shownNeeds.map((n) => ({ ...n, person_name: personName(c, n.person_id) })),
          withheld: needs.length - shownNeeds.length + sections.filter((s) => !s.visible).length,
          people: c.members.filter((m) => m.current).map((m) => ({ id: m.person_id, name: `${m.given_name} ${m.family_name}` })),
          headlines: HEADLINES,
          scale,
          comparison,
          hasScores: scores.length > 0,
          charts: scores.length > 0 ? { worker: comparisonSvg(comparison, 'worker', scale.max_score, "The worker's scores: first and latest"), family: comparisonSvg(comparison, 'family', scale.max_score, "The family's own scores: first and latest") } : null,
        };
      });
    },

    async start(ctx: RequestContext, caseId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const c = await loadCaseContext(tx, ctx.actor, caseId, today);
        requireWritable(c);
        const existing = await assessmentRepository.latest(tx, c.kase.id);
        if (existing && existing.status === 'in_progress') throw new ConflictError('An assessment is already in progress.');
        const form = await currentForm(tx);
        const due = existing ? addDays(today, c.settings.assessment_due_days) : addDays(c.kase.allocated_on ?? c.kase.opened_on, c.settings.assessment_due_days);
        const id = await assessmentRepository.insert(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: c.kase.id, form_id: form.id, form_name: form.name, form_revision: form.revision, sections: JSON.stringify(form.sections), answers: JSON.stringify(existing?.answers ?? {}), family_account: existing?.family_account ?? null, child_voice: existing?.child_voice ?? null, started_on: today, due_on: due < today ? today : due, created_by: ctx.actor.id });
        await audit.record(tx, ctx, { action: 'assessment.start', subjectType: 'assessment', subjectId: id, details: { case: c.kase.id, form: form.name, revision: form.revision } });
      });
    },

    async save(ctx: RequestContext, caseId: string, form: Record<string, string>, complete: boolean) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const c = await loadCaseContext(tx, ctx.actor, caseId, today);
        requireWritable(c);
        const assessment = await assessmentRepository.latest(tx, c.kase.id);
        if (!assessment || assessment.status !== 'in_progress') throw new ConflictError('Start an assessment first.');
        const errors: FieldErrors = {};
        const answers: Record<string, string> = { ...assessment.answers };
        for (const section of assessment.sections) {
          for (const q of section.questions) {
            const key = `q_${section.key}_${q.key}`;
            if (key in form) answers[key] = (form[key] ?? '').trim().slice(0, 10_000);
          }
        }
        const familyAccount = (form.familyAccount ?? '').trim() || null;
        const childVoice = (form.childVoice ?? '').trim() || null;
        if (complete && !familyAccount) errors.familyAccount = "Enter the family's own account before completing the assessment";
        if (Object.keys(errors).length > 0) throw new ValidationError(errors);
        await assessmentRepository.update(tx, assessment.id, { answers: JSON.stringify(answers), family_account: familyAccount, child_voice: childVoice, updated_at: new Date(), ...(complete ? { status: 'completed' as const, completed_on: today } : {}) });
        await audit.record(tx, ctx, { action: complete ? 'assessment.complete' : 'assessment.save', subjectType: 'assessment', subjectId: assessment.id, details: { case: c.kase.id } });
      });
    },

    async answersFor(ctx: RequestContext, caseId: string) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const c = await loadCaseContext(tx, ctx.actor, caseId, isoDate(clock.now()));
        requireWritable(c);
        const assessment = await assessmentRepository.latest(tx, c.kase.id);
        if (!assessment || assessment.status !== 'in_progress') throw new ConflictError('Start an assessment first.');
        await audit.record(tx, ctx, { action: 'assessment.read', subjectType: 'assessment', subjectId: assessment.id });
        return { header: c.header, assessment };
      });
    },

    async addNeed(ctx: RequestContext, caseId: string, form: Record<string, string>) {
      const errors: FieldErrors = {};
      const headline = oneOf(form.headline ?? '', HEADLINES, 'headline', 'Select the headline the need comes under', errors);
      const description = requireText(form.description ?? '', 'description', 'Describe the need', errors, 2000);
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const c = await loadCaseContext(tx, ctx.actor, caseId, today);
        requireWritable(c);
        const personId = form.personId ? (c.members.find((m) => m.person_id === form.personId)?.person_id ?? null) : null;
        if (form.personId && !personId) throw new ValidationError({ personId: 'Select a member of this family' });
        const special = form.specialCategory === 'yes' || SPECIAL_CATEGORY_HEADLINES.includes(headline);
        const id = await assessmentRepository.insertNeed(tx, { local_authority_id: ctx.actor.localAuthorityId, case_id: c.kase.id, person_id: personId, headline, description, special_category: special, identified_on: today, recorded_by: ctx.actor.id });
        await audit.record(tx, ctx, { action: 'assessment.need.add', subjectType: 'assessment_need', subjectId: id, details: { case: c.kase.id, headline, person: personId } });
      });
    },

    async recordScores(ctx: RequestContext, caseId: string, form: Record<string, string>) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const today = isoDate(clock.now());
        const c = await loadCaseContext(tx, ctx.actor, caseId, today);
        requireWritable(c);
        const errors: FieldErrors = {};
        const scoredOn = readDate(form, 'scoredOn', 'the date of scoring', errors);
        if (scoredOn && scoredOn > today) errors.scoredOn = 'The date of scoring must be today or in the past';
        const rater = oneOf(form.rater ?? '', ['worker', 'family'] as const, 'rater', 'Select whose scores these are', errors);
        let scale = await assessmentRepository.scale(tx);
        const dims = scale?.dimensions ?? DEFAULT_DIMENSIONS;
        const min = scale?.min_score ?? 1;
        const max = scale?.max_score ?? 10;
        const values: Array<{ key: string; score: number }> = [];
        for (const d of dims) {
          const raw = (form[`score_${d.key}`] ?? '').trim();
          if (!raw) continue;
          const n = Number(raw);
          if (!Number.isInteger(n) || n < min || n > max) errors[`score_${d.key}`] = `${d.label} must be a whole number from ${min} to ${max}`;
          else values.push({ key: d.key, score: n });
        }
        if (values.length === 0 && !Object.keys(errors).some((k) => k.startsWith('score_'))) errors[`score_${dims[0]?.key ?? 'x'}`] = 'Enter at least one score';
        if (Object.keys(errors).length > 0) throw new ValidationError(errors);
        if (!scale) {
          const id = await assessmentRepository.insertScale(tx, ctx.actor.localAuthorityId, DEFAULT_SCALE_NAME, DEFAULT_DIMENSIONS);
          scale = { id, name: DEFAULT_SCALE_NAME, min_score: 1, max_score: 10, dimensions: DEFAULT_DIMENSIONS };
        }
        await assessmentRepository.insertScores(tx, values.map((v) => ({ local_authority_id: ctx.actor.localAuthorityId, case_id: c.kase.id, scale_id: scale.id, dimension_key: v.key, rater, score: v.score, scored_on: scoredOn as string, recorded_by: ctx.actor.id })));
        await audit.record(tx, ctx, { action: 'assessment.scores.record', subjectType: 'support_case', subjectId: c.kase.id, details: { rater, count: values.length } });
      });
    },

    // --- the council's form, edited in settings ---
    async form(ctx: RequestContext) {
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const form = await currentForm(tx);
        await audit.record(tx, ctx, { action: 'assessment_form.read', subjectType: 'assessment_form', subjectId: form.id });
        return form;
      });
    },

    async editForm(ctx: RequestContext, change: { kind: 'add_section'; title: string; specialCategory: boolean } | { kind: 'add_question'; sectionKey: string; text: string; hint: string } | { kind: 'remove_question'; sectionKey: string; questionKey: string } | { kind: 'toggle_special'; sectionKey: string }) {
      const errors: FieldErrors = {};
      if (change.kind === 'add_section' && !change.title.trim()) errors.title = 'Enter the title of the section';
      if (change.kind === 'add_question' && !change.text.trim()) errors.text = 'Enter the question';
      if (change.kind === 'add_question' && !change.sectionKey) errors.sectionKey = 'Select the section';
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      return withTenant(db, ctx.actor.localAuthorityId, async (tx) => {
        const form = await currentForm(tx);
        const sections: FormSection[] = structuredClone(form.sections);
        const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 40) || 'item';
        const unique = (base: string, taken: string[]) => { let k = base; let i = 2; while (taken.includes(k)) k = `${base}_${i++}`; return k; };
        if (change.kind === 'add_section') sections.push({ key: unique(slug(change.title), sections.map((s) => s.key)), title: change.title.trim(), specialCategory: change.specialCategory, questions: [] });
        else {
          const section = sections.find((s) => s.key === change.sectionKey);
          if (!section) throw new ValidationError({ sectionKey: 'Select the section' });
          if (change.kind === 'add_question') section.questions.push({ key: unique(slug(change.text), section.questions.map((q) => q.key)), text: change.text.trim(), ...(change.hint.trim() ? { hint: change.hint.trim() } : {}) });
          if (change.kind === 'remove_question') section.questions = section.questions.filter((q) => q.key !== change.questionKey);
          if (change.kind === 'toggle_special') section.specialCategory = !section.specialCategory;
        }
        if (form.id) await assessmentRepository.updateForm(tx, form.id, form.name, sections, form.revision + 1, ctx.actor.id);
        else await assessmentRepository.insertForm(tx, ctx.actor.localAuthorityId, form.name, sections, ctx.actor.id);
        await audit.record(tx, ctx, { action: 'assessment_form.edit', subjectType: 'assessment_form', subjectId: form.id, details: change });
      });
    },
  };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
