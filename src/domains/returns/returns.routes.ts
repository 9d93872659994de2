// Returns and extracts: generate and validate the quarterly progress return, download it as CSV or
// XLSX, record its submission; download the pseudonymised national evaluation extract.
import type { FastifyInstance } from 'fastify';
import type { Container } from '../../app/container.ts';
import { ValidationError } from '../../platform/errors.ts';
import { isoDate } from '../../platform/clock.ts';
import { requirePermission } from '../../web/build-app.ts';
import { readForm } from '../../web/forms.ts';

/** The last eight quarters up to today, newest first. */
function quarters(today: string): Array<{ value: string; text: string }> {
  const out = [];
  let y = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  for (let i = 0; i < 8; i++) {
    const month = String(q * 3 + 1).padStart(2, '0');
    out.push({ value: `${y}-${month}-01`, text: `${['January to March', 'April to June', 'July to September', 'October to December'][q]} ${y}` });
    q -= 1;
    if (q < 0) {
      q = 3;
      y -= 1;
    }
  }
  return out;
}

export function returnsRoutes(app: FastifyInstance, container: Container): void {
  const returns = container.services.returns;
  const manage = { preHandler: requirePermission('returns:manage') };

  app.get('/prove/returns', manage, async (request, reply) => {
    const runs = await returns.runs(request.context());
    return reply.page('returns/views/returns.njk', { pageTitle: 'Quarterly progress return', runs, quarters: quarters(isoDate(container.clock.now())), values: {} });
  });

  app.post('/prove/returns', manage, async (request, reply) => {
    const ctx = request.context();
    const form = readForm<'quarterStart'>(request.body);
    try {
      const id = await returns.generate(ctx, form);
      return reply.redirect(`/prove/returns/${id}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return reply.code(400).page('returns/views/returns.njk', { pageTitle: 'Quarterly progress return', runs: await returns.runs(ctx), quarters: quarters(isoDate(container.clock.now())), values: form, errors: error.fields });
    }
  });

  app.get<{ Params: { id: string } }>('/prove/returns/:id', manage, async (request, reply) => {
    const run = await returns.run(request.context(), request.params.id);
    return reply.page('returns/views/return.njk', { pageTitle: `Quarterly progress return from ${run.period_start}`, run, hasErrors: run.validation.some((v) => v.level === 'error') });
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get<{ Params: { id: string } }>(`/prove/returns/:id/return.${format}`, manage, async (request, reply) => {
      const file = await returns.download(request.context(), request.params.id, format);
      return reply.header('content-type', file.type).header('content-disposition', `attachment; filename="${file.name}"`).send(file.body);
    });
  }

  app.post<{ Params: { id: string } }>('/prove/returns/:id/submitted', manage, async (request, reply) => {
    const form = readForm<'note'>(request.body);
    await returns.recordSubmission(request.context(), request.params.id, form.note);
    reply.flash('success', 'Submission recorded.');
    return reply.redirect(`/prove/returns/${request.params.id}`, 303);
  });

  app.get('/prove/extract', manage, async (request, reply) => {
    const extracts = await returns.extracts(request.context());
    return reply.page('returns/views/extract.njk', { pageTitle: 'National evaluation extract', extracts });
  });

  app.post('/prove/extract', manage, async (request, reply) => {
    const file = await returns.extract(request.context());
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file.name}"`).send(file.body);
  });
}
