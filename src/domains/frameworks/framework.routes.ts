// Frameworks in the browser: the list, a version (headlines, descriptors, provenance, family rule,
// history), the readable descriptor editor with its test panel, drafts and publishing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../app/container.ts';
import { ValidationError } from '../../platform/errors.ts';
import { isoDate } from '../../platform/clock.ts';
import { isRealDate } from '../../platform/dates.ts';
import { requirePermission } from '../../web/build-app.ts';
import { readForm } from '../../web/forms.ts';
import { clauseText, descriptorFromForm, EVENT_TYPES, formFromDescriptor, MAX_CLAUSES, whoText } from './descriptor.form.ts';
import { findCountNode, type TestPanelResult } from './framework.service.ts';
import { WHO_PRESETS, type DescriptorDef, type FamilyExpr } from './rule.types.ts';

const BASE = '/identify/frameworks';

/** The family rule as nested plain-English lines. */
function familyRuleLines(expr: FamilyExpr, depth = 0): Array<{ depth: number; text: string; provenance: string | null }> {
  const prov = expr.provenance ? `${expr.provenance.status}: ${expr.provenance.source}${expr.provenance.note ? ` — ${expr.provenance.note}` : ''}` : null;
  const own = (text: string) => ({ depth, text: expr.label ? `${expr.label} (${text})` : text, provenance: prov });
  switch (expr.op) {
    case 'all': return [own('all of these'), ...expr.of.flatMap((x) => familyRuleLines(x, depth + 1))];
    case 'any': return [own('any of these'), ...expr.of.flatMap((x) => familyRuleLines(x, depth + 1))];
    case 'count': return [own(`at least ${expr.min}${expr.max !== undefined ? ` and at most ${expr.max}` : ''} distinct ${expr.of}${expr.headlines ? ` among ${expr.headlines.join(', ')}` : ''}`)];
    case 'members': return [own(`${expr.min ?? 1}${expr.max !== undefined ? ` to ${expr.max}` : ' or more'} current members: ${whoText(expr.who)}`)];
  }
}

export function frameworkRoutes(app: FastifyInstance, { services, clock }: Container): void {
  const view = requirePermission('identification:view');
  const manage = requirePermission('data:manage');

  app.get(BASE, { preHandler: view }, async (request, reply) => {
    const frameworks = await services.frameworks.list(request.context());
    return reply.page('frameworks/views/frameworks.njk', { pageTitle: 'Outcomes frameworks', frameworks, canManage: request.actor?.permissions.has('data:manage') });
  });

  app.get<{ Params: { id: string } }>(`${BASE}/versions/:id`, { preHandler: view }, async (request, reply) => {
    const data = await services.frameworks.version(request.context(), request.params.id);
    const headlines = data.definition.headlines.map((h) => ({ ...h, descriptors: data.definition.descriptors.filter((d) => d.headline === h.code).map((d) => ({ ...d, who: d.rule ? whoText(d.rule.who) : '', clauses: (d.rule?.anyOf ?? []).map((c) => ({ text: clauseText(c), window: c.window.provenance, threshold: c.threshold.provenance })) })) }));
    const count = findCountNode(data.definition.familyRule);
    return reply.page('frameworks/views/version.njk', {
      pageTitle: `${data.version.framework_name}, version ${data.version.version}`,
      ...data, headlines, ruleLines: familyRuleLines(data.definition.familyRule), count,
      canManage: request.actor?.permissions.has('data:manage'), isDraft: data.version.status === 'draft',
      values: { countOf: count?.of ?? 'needs', countMin: String(count?.min ?? 3) },
    });
  });

  app.post<{ Params: { id: string } }>(`${BASE}/versions/:id/draft`, { preHandler: manage }, async (request, reply) => {
    const id = await services.frameworks.createDraft(request.context(), request.params.id);
    reply.flash('success', 'A draft version is ready to edit. Nothing changes until you publish it.');
    return reply.redirect(`${BASE}/versions/${id}`, 303);
  });

  app.post<{ Params: { id: string } }>(`${BASE}/versions/:id/family-rule`, { preHandler: manage }, async (request, reply) => {
    const form = readForm<'countOf' | 'countMin'>(request.body);
    await services.frameworks.setFamilyCount(request.context(), request.params.id, form.countOf as 'needs', Number(form.countMin));
    reply.flash('success', 'The family rule is saved in the draft.');
    return reply.redirect(`${BASE}/versions/${request.params.id}`, 303);
  });

  app.post<{ Params: { id: string } }>(`${BASE}/versions/:id/publish`, { preHandler: manage }, async (request, reply) => {
    const form = readForm<'note'>(request.body);
    try {
      await services.frameworks.publish(request.context(), request.params.id, form.note);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      reply.flash('important', error.fields.note ?? error.message, 'Not published');
      return reply.redirect(`${BASE}/versions/${request.params.id}#publish`, 303);
    }
    reply.flash('success', 'Published. Runs recorded under earlier versions keep their results; new runs use this version.');
    return reply.redirect(`${BASE}/versions/${request.params.id}`, 303);
  });

  const editor = async (request: FastifyRequest, reply: FastifyReply, versionId: string, code: string | null, form: Record<string, string> | null, extra: { errors?: Record<string, string>; test?: TestPanelResult; status?: number } = {}) => {
    const ctx = request.context();
    const data = await services.frameworks.version(ctx, versionId);
    const existing = code ? data.definition.descriptors.find((d) => d.code === code) : undefined;
    const values = form ?? (existing ? formFromDescriptor(existing) : { who: 'any', severity: '1', c0_window: 'last_months', c0_length: '12', c0_match: 'occurred', c0_threshold: 'count', c0_min: '1' });
    const used = Math.max(1, ...Array.from({ length: MAX_CLAUSES }, (_, i) => (values[`c${i}_types`] ? i + 1 : 0)));
    const editable = data.version.status === 'draft' && ctx.actor.permissions.has('data:manage');
    return reply.code(extra.status ?? 200).page('frameworks/views/descriptor.njk', {
      pageTitle: existing ? `${existing.name}: descriptor` : 'New local descriptor',
      version: data.version, descriptor: existing ?? null, isNew: !existing, editable,
      values, errors: extra.errors, test: extra.test, clauseCount: Math.min(MAX_CLAUSES, used + (editable ? 1 : 0)),
      headlines: data.definition.headlines, whoPresets: Object.entries(WHO_PRESETS).map(([value, p]) => ({ value, text: p.label })),
      eventTypes: EVENT_TYPES, ruleJson: existing?.rule ? JSON.stringify(existing.rule, null, 2) : '', testDate: (form?.testDate ?? '') || isoDate(clock.now()),
      clauses: (existing?.rule?.anyOf ?? []).map((c) => clauseText(c)),
    });
  };

  app.get<{ Params: { id: string; code: string } }>(`${BASE}/versions/:id/descriptors/:code`, { preHandler: view }, async (request, reply) => {
    const code = request.params.code === 'new' ? null : request.params.code;
    return editor(request, reply, request.params.id, code, null);
  });

  app.post<{ Params: { id: string; code: string } }>(`${BASE}/versions/:id/descriptors/:code`, { preHandler: manage }, async (request, reply) => {
    const ctx = request.context();
    const code = request.params.code === 'new' ? null : request.params.code;
    const form = readForm<'action' | 'testDate'>(request.body);
    const values: Record<string, string> = { ...(form as Record<string, string>) };
    const data = await services.frameworks.version(ctx, request.params.id);
    const previous: DescriptorDef | null = code ? (data.definition.descriptors.find((d) => d.code === code) ?? null) : null;
    const parsed = descriptorFromForm(values, previous, { status: 'local', source: `Edited by ${ctx.actor.displayName} on ${isoDate(clock.now())}` });
    if (code) parsed.descriptor.code = code;
    if (Object.keys(parsed.errors).length) return editor(request, reply, request.params.id, code, values, { errors: parsed.errors, status: 400 });
    try {
      if (form.action === 'test') {
        const date = isRealDate(form.testDate) ? form.testDate : isoDate(clock.now());
        const test = await services.frameworks.testDescriptor(ctx, request.params.id, parsed.descriptor, date);
        return editor(request, reply, request.params.id, code, values, { test });
      }
      const saved = await services.frameworks.saveDescriptor(ctx, request.params.id, code, parsed.descriptor);
      reply.flash('success', `Descriptor “${parsed.descriptor.name}” saved in the draft.`);
      return reply.redirect(`${BASE}/versions/${request.params.id}/descriptors/${encodeURIComponent(saved)}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return editor(request, reply, request.params.id, code, values, { errors: error.fields, status: 400 });
    }
  });
}
