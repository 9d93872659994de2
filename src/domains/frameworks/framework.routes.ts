// Frameworks in the browser: the list, a council's own framework (from scratch or a copy), a
// version (headlines, descriptors, provenance, family rule, history with what changed), local
// headlines, the readable descriptor editor with its test panel, removing local items, drafts and
// publishing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../app/container.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { isoDate } from '../../platform/clock.ts';
import { isRealDate } from '../../platform/dates.ts';
import { requirePermission } from '../../web/build-app.ts';
import { readForm, readQuery } from '../../web/forms.ts';
import { clauseText, descriptorFromForm, EVENT_TYPES, formFromDescriptor, MAX_CLAUSES, whoText } from './descriptor.form.ts';
import { familyRuleLines } from './compare.ts';
import { findCountNode, type TestPanelResult } from './framework.service.ts';
import { WHO_PRESETS, type DescriptorDef } from './rule.types.ts';

const BASE = '/identify/frameworks';

export function frameworkRoutes(app: FastifyInstance, { services, clock }: Container): void {
  const view = requirePermission('identification:view');
  const manage = requirePermission('data:manage');

  app.get(BASE, { preHandler: view }, async (request, reply) => {
    const frameworks = await services.frameworks.list(request.context());
    return reply.page('frameworks/views/frameworks.njk', { pageTitle: 'Outcomes frameworks', frameworks, canManage: request.actor?.permissions.has('data:manage') });
  });

  const versionPage = async (request: FastifyRequest, reply: FastifyReply, versionId: string, extra: { errors?: Record<string, string>; values?: Record<string, string>; status?: number } = {}) => {
    const data = await services.frameworks.version(request.context(), versionId);
    const headlines = data.definition.headlines.map((h) => ({ ...h, descriptors: data.definition.descriptors.filter((d) => d.headline === h.code).map((d) => ({ ...d, who: d.rule ? whoText(d.rule.who) : '', clauses: (d.rule?.anyOf ?? []).map((c) => ({ text: clauseText(c), window: c.window.provenance, threshold: c.threshold.provenance })) })) }));
    const count = findCountNode(data.definition.familyRule);
    return reply.code(extra.status ?? 200).page('frameworks/views/version.njk', {
      pageTitle: `${data.version.framework_name}, version ${data.version.version}`,
      ...data, headlines, ruleLines: familyRuleLines(data.definition.familyRule), count,
      canManage: request.actor?.permissions.has('data:manage'), isDraft: data.version.status === 'draft',
      values: { countOf: count?.of ?? 'needs', countMin: String(count?.min ?? 3), note: '', ...extra.values },
      errors: extra.errors,
    });
  };

  app.get<{ Params: { id: string } }>(`${BASE}/versions/:id`, { preHandler: view }, async (request, reply) => versionPage(request, reply, request.params.id));

  app.post<{ Params: { id: string } }>(`${BASE}/versions/:id/draft`, { preHandler: manage }, async (request, reply) => {
    const id = await services.frameworks.createDraft(request.context(), request.params.id);
    reply.flash('success', 'A draft version is ready to edit. Nothing changes until you publish it.');
    return reply.redirect(`${BASE}/versions/${id}`, 303);
  });

  app.post<{ Params: { id: string } }>(`${BASE}/versions/:id/family-rule`, { preHandler: manage }, async (request, reply) => {
    const form = readForm<'countOf' | 'countMin'>(request.body);
    try {
      await services.frameworks.setFamilyCount(request.context(), request.params.id, form.countOf as 'needs', form.countMin.trim() === '' ? Number.NaN : Number(form.countMin));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return versionPage(request, reply, request.params.id, { errors: error.fields, values: { countOf: form.countOf, countMin: form.countMin }, status: 400 });
    }
    reply.flash('success', 'The family rule is saved in the draft.');
    return reply.redirect(`${BASE}/versions/${request.params.id}`, 303);
  });

  app.post<{ Params: { id: string } }>(`${BASE}/versions/:id/publish`, { preHandler: manage }, async (request, reply) => {
    const form = readForm<'note'>(request.body);
    try {
      await services.frameworks.publish(request.context(), request.params.id, form.note);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return versionPage(request, reply, request.params.id, { errors: error.fields, values: { note: form.note }, status: 400 });
    }
    reply.flash('success', 'Published. Runs recorded under earlier versions keep their results; new runs use this version.');
    return reply.redirect(`${BASE}/versions/${request.params.id}`, 303);
  });

  // ---- a council's own framework ----

  const newFrameworkPage = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors?: Record<string, string>) => {
    const frameworks = await services.frameworks.list(request.context());
    const sources = frameworks.filter((f) => f.published_id).map((f) => ({ value: f.published_id as string, text: `${f.name}, version ${f.published_version}` }));
    if (values.fromVersionId && !sources.some((x) => x.value === values.fromVersionId)) {
      const from = await services.frameworks.version(request.context(), values.fromVersionId).catch(() => null);
      if (from) sources.unshift({ value: from.version.id, text: `${from.version.framework_name}, version ${from.version.version}` });
    }
    return reply.code(errors ? 400 : 200).page('frameworks/views/new-framework.njk', { pageTitle: 'Create a local framework', values, errors, sources });
  };

  app.get(`${BASE}/new`, { preHandler: manage }, async (request, reply) => {
    const q = readQuery<'from'>(request.query);
    return newFrameworkPage(request, reply, q.from ? { start: 'copy', fromVersionId: q.from } : {});
  });

  app.post(`${BASE}/new`, { preHandler: manage }, async (request, reply) => {
    const form = readForm<'name' | 'code' | 'description' | 'start' | 'fromVersionId'>(request.body);
    const values = { name: form.name, code: form.code, description: form.description, start: form.start, fromVersionId: form.fromVersionId };
    try {
      const id = await services.frameworks.createLocalFramework(request.context(), values);
      reply.flash('success', `“${form.name.trim()}” is created as draft version 1. Add its headlines and descriptors, set the family rule, then publish it.`);
      return reply.redirect(`${BASE}/versions/${id}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return newFrameworkPage(request, reply, values, error.fields);
    }
  });

  // ---- local headlines ----

  const headlinePage = async (request: FastifyRequest, reply: FastifyReply, versionId: string, code: string | null, values: Record<string, string> | null, errors?: Record<string, string>) => {
    const ctx = request.context();
    if (code === null) {
      const data = await services.frameworks.version(ctx, versionId);
      if (data.version.status !== 'draft') throw new ConflictError('This version is published and cannot change. Start a new draft to edit it.');
      return reply.code(errors ? 400 : 200).page('frameworks/views/headline.njk', { pageTitle: 'Add a local headline', version: data.version, headline: null, values: values ?? {}, errors });
    }
    const data = await services.frameworks.headline(ctx, versionId, code);
    if (data.version.status !== 'draft') throw new ConflictError('This version is published and cannot change. Start a new draft to edit it.');
    if (!data.headline.local) throw new ConflictError('This headline is part of the national framework and cannot be changed. Add a local headline instead.');
    return reply.code(errors ? 400 : 200).page('frameworks/views/headline.njk', {
      pageTitle: `${data.headline.name}: headline`, version: data.version, headline: data.headline, descriptors: data.descriptors,
      values: values ?? { name: data.headline.name, description: data.headline.description ?? '' }, errors,
    });
  };

  app.get<{ Params: { id: string; code: string } }>(`${BASE}/versions/:id/headlines/:code`, { preHandler: manage }, async (request, reply) =>
    headlinePage(request, reply, request.params.id, request.params.code === 'new' ? null : request.params.code, null));

  app.post<{ Params: { id: string; code: string } }>(`${BASE}/versions/:id/headlines/:code`, { preHandler: manage }, async (request, reply) => {
    const code = request.params.code === 'new' ? null : request.params.code;
    const form = readForm<'code' | 'name' | 'description'>(request.body);
    const values = { code: form.code, name: form.name, description: form.description };
    try {
      await services.frameworks.saveHeadline(request.context(), request.params.id, code, values);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return headlinePage(request, reply, request.params.id, code, values, error.fields);
    }
    reply.flash('success', code === null ? `Headline “${form.name.trim()}” added to the draft.` : `Headline “${form.name.trim()}” saved in the draft.`);
    return reply.redirect(`${BASE}/versions/${request.params.id}`, 303);
  });

  const removeHeadlinePage = async (request: FastifyRequest, reply: FastifyReply, versionId: string, code: string, errors?: Record<string, string>) => {
    const data = await services.frameworks.headline(request.context(), versionId, code);
    if (data.version.status !== 'draft') throw new ConflictError('This version is published and cannot change. Start a new draft to edit it.');
    if (!data.headline.local) throw new ConflictError('This headline is part of the national framework and cannot be removed.');
    return reply.code(errors ? 400 : 200).page('frameworks/views/remove.njk', {
      pageTitle: `Remove the headline ${data.headline.name}`, version: data.version, kind: 'headline', item: data.headline, descriptors: data.descriptors,
      blocked: data.descriptors.length > 0 || data.usedByFamilyRule, usedByFamilyRule: data.usedByFamilyRule, errors,
    });
  };

  app.get<{ Params: { id: string; code: string } }>(`${BASE}/versions/:id/headlines/:code/remove`, { preHandler: manage }, async (request, reply) =>
    removeHeadlinePage(request, reply, request.params.id, request.params.code));

  app.post<{ Params: { id: string; code: string } }>(`${BASE}/versions/:id/headlines/:code/remove`, { preHandler: manage }, async (request, reply) => {
    const before = await services.frameworks.headline(request.context(), request.params.id, request.params.code);
    try {
      await services.frameworks.removeHeadline(request.context(), request.params.id, request.params.code);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return removeHeadlinePage(request, reply, request.params.id, request.params.code, error.fields);
    }
    reply.flash('success', `Headline “${before.headline.name}” removed from the draft.`);
    return reply.redirect(`${BASE}/versions/${request.params.id}`, 303);
  });

  // ---- removing a local descriptor ----

  const removeDescriptorPage = async (request: FastifyRequest, reply: FastifyReply, versionId: string, code: string) => {
    const data = await services.frameworks.descriptor(request.context(), versionId, code);
    if (data.version.status !== 'draft') throw new ConflictError('This version is published and cannot change. Start a new draft to edit it.');
    if (!data.descriptor.local) throw new ConflictError('This descriptor is part of the national framework and cannot be removed. You can change its rule in this draft instead.');
    return reply.page('frameworks/views/remove.njk', { pageTitle: `Remove the descriptor ${data.descriptor.name}`, version: data.version, kind: 'descriptor', item: data.descriptor, blocked: false });
  };

  app.get<{ Params: { id: string; code: string } }>(`${BASE}/versions/:id/descriptors/:code/remove`, { preHandler: manage }, async (request, reply) =>
    removeDescriptorPage(request, reply, request.params.id, request.params.code));

  app.post<{ Params: { id: string; code: string } }>(`${BASE}/versions/:id/descriptors/:code/remove`, { preHandler: manage }, async (request, reply) => {
    const { descriptor } = await services.frameworks.descriptor(request.context(), request.params.id, request.params.code);
    await services.frameworks.removeDescriptor(request.context(), request.params.id, request.params.code);
    reply.flash('success', `Descriptor “${descriptor.name}” removed from the draft.`);
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
