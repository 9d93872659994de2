// Pages for data managers under /data (sources, agreements, mappings, deliveries, runs, quarantine,
// corrections, API tokens) and the deliveries API under /api/v1. Everything needs 'data:manage';
// the API authenticates its own bearer tokens. Uploads stream to a temporary file in the data
// folder (never into memory) and are removed when the request does not hand them to an import.
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { Container } from '../../app/container.ts';
import { ValidationError, NotFoundError } from '../../platform/errors.ts';
import { requirePermission } from '../../web/build-app.ts';
import { positiveInt, readForm, readQuery } from '../../web/forms.ts';
import { CORRECTABLE_COLUMNS } from './dataset.repository.ts';
import { FREQUENCY_LABELS, IMPORT_JOB, LAWFUL_BASES, RELINK_JOB, type SourceInput } from './dataset.service.ts';
import { FREQUENCIES } from './dataset.tables.ts';
import { csvLine } from './csv-export.ts';
import { formatBytes, MAX_DELIVERY_BYTES, readDelivery, sniff, DeliveryError } from './delivery.ts';
import { ImportRefused, type ImportActor } from './import.service.ts';
import { IDENTITY_FIELDS, IDENTITY_LABELS, type MappingSpec } from './mapping.ts';
import { eventFieldLabel, isEventField } from './event-correction.ts';
import { formToSpec, specToForm, type MappingForm } from './mapping-form.ts';
import { PROBLEM_LABELS, type Problem } from './validation.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** JSON API route: no CSRF token; it authenticates its own bearer token. */
    api?: boolean;
  }
}

interface Uploaded {
  path: string;
  filename: string;
  size: number;
  truncated: boolean;
}

const CONTACT_SLOTS = 3;
const manage = requirePermission('data:manage');

function sourceInput(body: unknown): SourceInput {
  const form = readForm<string>(body);
  const f = (k: string): string => form[k] ?? '';
  return {
    name: f('name').trim(),
    organisation: f('organisation'),
    kind: f('kind'),
    description: f('description'),
    expectedFrequency: f('expectedFrequency'),
    contacts: Array.from({ length: CONTACT_SLOTS }, (_, i) => ({ role: f(`contact${i}Role`), name: f(`contact${i}Name`), email: f(`contact${i}Email`), phone: f(`contact${i}Phone`) })),
  };
}

function sourceValues(input: SourceInput): Record<string, string> {
  const values: Record<string, string> = { name: input.name, organisation: input.organisation, kind: input.kind, description: input.description, expectedFrequency: input.expectedFrequency };
  input.contacts.forEach((c, i) => Object.assign(values, { [`contact${i}Role`]: c.role, [`contact${i}Name`]: c.name, [`contact${i}Email`]: c.email, [`contact${i}Phone`]: c.phone }));
  return values;
}

const frequencyItems = (selected: string) => FREQUENCIES.map((f) => ({ value: f, text: FREQUENCY_LABELS[f], selected: f === selected }));

export async function datasetRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const { services } = container;
  const datasets = services.datasets;
  const kept = new WeakSet<FastifyRequest>();
  const uploads = new WeakMap<FastifyRequest, string[]>();

  async function saveUpload(request: FastifyRequest, stream: NodeJS.ReadableStream, filename: string): Promise<Uploaded> {
    await mkdir(datasets.uploadDir, { recursive: true });
    const path = join(datasets.uploadDir, `${randomUUID()}.upload`);
    uploads.set(request, [...(uploads.get(request) ?? []), path]);
    let size = 0;
    let truncated = false;
    const counter = new Transform({
      transform(chunk: Buffer, _e, done) {
        size += chunk.length;
        if (size > MAX_DELIVERY_BYTES) {
          truncated = true;
          return done();
        }
        done(null, chunk);
      },
    });
    await pipeline(stream, counter, createWriteStream(path));
    return { path, filename, size, truncated: truncated || Boolean((stream as { truncated?: boolean }).truncated) };
  }

  await app.register(async (scope) => {
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_DELIVERY_BYTES + 1, files: 1, fields: 200 },
      async onFile(this: FastifyRequest, part: MultipartFile) {
        (part as unknown as { value: Uploaded }).value = await saveUpload(this, part.file, part.filename);
      },
    });
    // An upload that was not handed to an import (bad form, CSRF, error) is removed at once.
    scope.addHook('onResponse', async (request) => {
      if (kept.has(request)) return;
      for (const path of uploads.get(request) ?? []) await rm(path, { force: true });
    });

    // ---------------------------------------------------------------- sources and feed health
    scope.get('/data', { preHandler: manage }, async (request, reply) => {
      const sources = await datasets.listSources(request.context());
      return reply.page('datasets/views/sources.njk', { pageTitle: 'Data sources', sources, frequencyLabels: FREQUENCY_LABELS, late: sources.filter((s) => s.late) });
    });

    scope.get('/data/sources/new', { preHandler: manage }, async (_request, reply) =>
      reply.page('datasets/views/source-form.njk', { pageTitle: 'Register a data source', creating: true, values: { expectedFrequency: 'monthly' }, frequencies: frequencyItems('monthly'), slots: CONTACT_SLOTS }),
    );

    scope.post('/data/sources/new', { preHandler: manage }, async (request, reply) => {
      const input = sourceInput(request.body);
      try {
        const id = await datasets.createSource(request.context(), input);
        reply.flash('success', `${input.name} is registered. Record the data-sharing agreement it arrives under.`);
        return reply.redirect(`/data/sources/${id}`, 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply.code(400).page('datasets/views/source-form.njk', { pageTitle: 'Register a data source', creating: true, errors: error.fields, values: sourceValues(input), frequencies: frequencyItems(input.expectedFrequency), slots: CONTACT_SLOTS });
      }
    });

    scope.get<{ Params: { id: string } }>('/data/sources/:id', { preHandler: manage }, async (request, reply) => {
      const detail = await datasets.source(request.context(), request.params.id);
      return reply.page('datasets/views/source.njk', { pageTitle: detail.source.name, ...detail, frequencyLabels: FREQUENCY_LABELS, lawfulBases: Object.fromEntries(LAWFUL_BASES.map((b) => [b.value, b.text])) });
    });

    scope.get<{ Params: { id: string } }>('/data/sources/:id/edit', { preHandler: manage }, async (request, reply) => {
      const { source, contacts } = await datasets.source(request.context(), request.params.id);
      const values = sourceValues({ name: source.name, organisation: source.organisation, kind: source.kind, description: source.description ?? '', expectedFrequency: source.expected_frequency, contacts: Array.from({ length: CONTACT_SLOTS }, (_, i) => ({ role: contacts[i]?.role ?? '', name: contacts[i]?.name ?? '', email: contacts[i]?.email ?? '', phone: contacts[i]?.phone ?? '' })) });
      return reply.page('datasets/views/source-form.njk', { pageTitle: `Change ${source.name}`, creating: false, source, values, frequencies: frequencyItems(source.expected_frequency), slots: CONTACT_SLOTS });
    });

    scope.post<{ Params: { id: string } }>('/data/sources/:id/edit', { preHandler: manage }, async (request, reply) => {
      const ctx = request.context();
      const input = sourceInput(request.body);
      try {
        await datasets.updateSource(ctx, request.params.id, input);
        reply.flash('success', 'The data source is updated.');
        return reply.redirect(`/data/sources/${request.params.id}`, 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const { source } = await datasets.source(ctx, request.params.id);
        return reply.code(400).page('datasets/views/source-form.njk', { pageTitle: `Change ${source.name}`, creating: false, source, errors: error.fields, values: { ...sourceValues(input), name: source.name }, frequencies: frequencyItems(input.expectedFrequency), slots: CONTACT_SLOTS });
      }
    });

    // ---------------------------------------------------------------- agreements
    const agreementPage = (reply: FastifyReply, source: { id: string; name: string }, values: Record<string, string>, errors?: Record<string, string>) =>
      reply.code(errors ? 400 : 200).page('datasets/views/agreement-form.njk', { pageTitle: `Record a data-sharing agreement for ${source.name}`, source, values, errors, lawfulBases: LAWFUL_BASES.map((b) => ({ ...b, checked: values.lawfulBasis === b.value })) });

    scope.get<{ Params: { id: string } }>('/data/sources/:id/agreements/new', { preHandler: manage }, async (request, reply) => {
      const { source } = await datasets.source(request.context(), request.params.id);
      return agreementPage(reply, source, { parties: source.organisation });
    });

    scope.post<{ Params: { id: string } }>('/data/sources/:id/agreements/new', { preHandler: manage }, async (request, reply) => {
      const ctx = request.context();
      const f = readForm<'reference' | 'parties' | 'purposes' | 'lawfulBasis' | 'dataItems' | 'startDate' | 'reviewDate' | 'endDate'>(request.body);
      try {
        await datasets.addAgreement(ctx, request.params.id, f);
        reply.flash('success', `Agreement ${f.reference} is recorded.`);
        return reply.redirect(`/data/sources/${request.params.id}`, 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const { source } = await datasets.source(ctx, request.params.id);
        return agreementPage(reply, source, { ...f }, error.fields);
      }
    });

    // ---------------------------------------------------------------- mappings
    const mappingPage = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, form: MappingForm | null, sample: { header: string[]; rows: string[][] } | null, extra: Record<string, unknown> = {}) => {
      const editor = await datasets.mappingEditor(request.context(), request.params.id);
      const useSample = sample && sample.header.length > 0 ? sample : editor.sample;
      const values = form ?? specToForm(editor.spec);
      const { spec, errors: formErrors } = formToSpec(values);
      const preview = datasets.preview(spec, useSample);
      const columns = useSample.header.length > 0 ? useSample.header : spec.columns;
      const errors = (extra.errors as Record<string, string> | undefined) ?? (form && !extra.quiet ? { ...formErrors, ...preview.errors } : undefined);
      return reply.code(extra.errors ? 400 : 200).page('datasets/views/mapping.njk', {
        pageTitle: `Mapping for ${editor.source.name}`,
        source: editor.source,
        latest: editor.latest,
        values,
        columns,
        identityFields: IDENTITY_FIELDS.filter((f) => f !== 'address').map((f) => ({ name: f, label: IDENTITY_LABELS[f] })),
        requiredItems: IDENTITY_FIELDS.filter((f) => f !== 'record_id').map((f) => ({ value: f, text: IDENTITY_LABELS[f], checked: ((values.required as string[] | string | undefined) ?? []).includes(f) })),
        sampleJson: JSON.stringify(useSample),
        sample: useSample,
        preview: preview.rows.map((r) => ({ rowNumber: r.rowNumber, ok: r.mapped.ok, record: r.mapped.ok ? r.mapped.record : null, event: r.mapped.ok ? r.mapped.event : null, problems: r.mapped.ok ? [] : r.mapped.problems })),
        ...extra,
        errors: errors && Object.keys(errors).length > 0 ? errors : undefined,
      });
    };

    const readSample = (raw: unknown): { header: string[]; rows: string[][] } | null => {
      try {
        const s = JSON.parse(String(raw ?? '')) as { header: string[]; rows: string[][] };
        return Array.isArray(s.header) && Array.isArray(s.rows) ? { header: s.header.map(String), rows: s.rows.slice(0, 10).map((r) => r.map(String)) } : null;
      } catch {
        return null;
      }
    };

    scope.get<{ Params: { id: string } }>('/data/sources/:id/mapping', { preHandler: manage }, async (request, reply) => mappingPage(request, reply, null, null));

    scope.post<{ Params: { id: string } }>('/data/sources/:id/mapping', { preHandler: manage }, async (request, reply) => {
      const body = (request.body ?? {}) as MappingForm & { sample?: string; action?: string; note?: string };
      const form: MappingForm = { ...body };
      delete form._csrf;
      const sample = readSample(body.sample);
      if (body.action !== 'save') return mappingPage(request, reply, form, sample);
      const { spec, errors } = formToSpec(form);
      if (Object.keys(errors).length > 0) return mappingPage(request, reply, form, sample, { errors });
      try {
        const header = sample?.header ?? [];
        const version = await datasets.saveMapping(request.context(), request.params.id, { ...spec, columns: header.length > 0 ? header : spec.columns } as MappingSpec, String(body.note ?? ''), header);
        reply.flash('success', `Mapping version ${version} is saved and will be used for the next delivery.`);
        return reply.redirect(`/data/sources/${request.params.id}`, 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return mappingPage(request, reply, form, sample, { errors: error.fields });
      }
    });

    scope.post<{ Params: { id: string } }>('/data/sources/:id/mapping/sample', { onRequest: manage }, async (request, reply) => {
      const body = (request.body ?? {}) as { file?: Uploaded };
      const file = body.file;
      const editor = await datasets.mappingEditor(request.context(), request.params.id);
      if (!file || typeof file !== 'object' || file.size === 0) return mappingPage(request, reply, null, null, { errors: { file: 'Select a sample file (CSV or XLSX)' } });
      try {
        const { readFile } = await import('node:fs/promises');
        const head = (await readFile(file.path)).subarray(0, 65536);
        const format = sniff(head);
        const { header, batches } = await readDelivery(file.path, format, editor.spec, 10);
        const first = await batches.next();
        await batches.return(undefined);
        const form = specToForm({ ...editor.spec, format, columns: header });
        return mappingPage(request, reply, form, { header, rows: first.done ? [] : first.value.slice(0, 10) }, { quiet: true });
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        return mappingPage(request, reply, null, null, { errors: { file: error.message } });
      }
    });

    // ---------------------------------------------------------------- deliveries (browser upload)
    scope.get<{ Params: { id: string } }>('/data/sources/:id/deliveries/new', { preHandler: manage }, async (request, reply) => {
      const detail = await datasets.source(request.context(), request.params.id);
      return reply.page('datasets/views/upload.njk', { pageTitle: `Upload a delivery of ${detail.source.name}`, ...detail, maxSize: formatBytes(MAX_DELIVERY_BYTES) });
    });

    scope.post<{ Params: { id: string } }>('/data/sources/:id/deliveries/new', { onRequest: manage }, async (request, reply) => {
      const ctx = request.context();
      const file = ((request.body ?? {}) as { file?: Uploaded }).file;
      const detail = await datasets.source(ctx, request.params.id);
      const refuse = (message: string) => reply.code(400).page('datasets/views/upload.njk', { pageTitle: `Upload a delivery of ${detail.source.name}`, ...detail, maxSize: formatBytes(MAX_DELIVERY_BYTES), errors: { file: message } });
      if (!file || typeof file !== 'object') return refuse('Select the delivered file (CSV or XLSX)');
      if (file.truncated) return refuse(`The file is larger than ${formatBytes(MAX_DELIVERY_BYTES)}, the largest delivery Hearth accepts. Ask the sender to split it by period.`);
      if (file.size === 0) return refuse('The selected file is empty');
      try {
        const { jobId } = await datasets.enqueueImport(datasets.actorOf(ctx), request.params.id, { path: file.path, name: file.filename || 'delivery' }, 'browser');
        kept.add(request);
        return reply.redirect(`/jobs/${jobId}`, 303);
      } catch (error) {
        if (error instanceof ImportRefused) return refuse(error.message);
        throw error;
      }
    });

    // ---------------------------------------------------------------- runs, quarantine, corrections
    scope.get<{ Params: { id: string } }>('/data/runs/:id', { preHandler: manage }, async (request, reply) => {
      const q = readQuery<'page' | 'key'>(request.query);
      const ctx = request.context();
      const run = await datasets.run(ctx, request.params.id, positiveInt(q.page, 1));
      const found = q.key ? await datasets.findRecords(ctx, request.params.id, q.key) : null;
      return reply.page('datasets/views/run.njk', { pageTitle: `Import of ${run.run.file_name ?? 'a delivery'}`, ...run, key: q.key, found, problemLabels: PROBLEM_LABELS, columnsOf: (raw: Record<string, string>) => Object.keys(raw) });
    });

    scope.get<{ Params: { id: string } }>('/data/runs/:id/quarantine.csv', { preHandler: manage }, async (request, reply) => {
      const { run, rows } = await datasets.quarantineExport(request.context(), request.params.id);
      const header = rows.length > 0 ? Object.keys(rows[0]!.raw as Record<string, string>) : [];
      let body = csvLine(['row', 'problems', ...header]);
      for (const r of rows) {
        const raw = r.raw as Record<string, string>;
        body += csvLine([String(r.row_number), (r.problems as Problem[]).map((p) => `${p.column ?? 'row'}: ${p.message}`).join('; '), ...header.map((h) => raw[h] ?? '')]);
      }
      const name = `${run.source_name}-quarantine-${run.id.slice(0, 8)}.csv`;
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(`\uFEFF${body}`);
    });

    const rowPage = async (request: FastifyRequest<{ Params: { id: string; rowId: string } }>, reply: FastifyReply, values?: Record<string, string>, errors?: Record<string, string>) => {
      const { run, row } = await datasets.quarantinedRow(request.context(), request.params.id, request.params.rowId);
      const raw = row.raw as Record<string, string>;
      const problems = row.problems as Problem[];
      const fields = Object.keys(raw).map((column, i) => ({ column, name: `col-${i}`, value: values?.[`col-${i}`] ?? raw[column] ?? '', problems: problems.filter((p) => p.column === column) }));
      return reply.code(errors ? 400 : 200).page('datasets/views/quarantine-row.njk', { pageTitle: `Correct row ${row.row_number}`, run, row, fields, rowProblems: problems.filter((p) => p.column === null), values: values ?? {}, errors });
    };

    scope.get<{ Params: { id: string; rowId: string } }>('/data/runs/:id/quarantine/:rowId', { preHandler: manage }, async (request, reply) => rowPage(request, reply));

    scope.post<{ Params: { id: string; rowId: string } }>('/data/runs/:id/quarantine/:rowId', { preHandler: manage }, async (request, reply) => {
      const ctx = request.context();
      const f = readForm<string>(request.body);
      const { row } = await datasets.quarantinedRow(ctx, request.params.id, request.params.rowId);
      const header = Object.keys(row.raw as Record<string, string>);
      try {
        if (f.action === 'dismiss') {
          await datasets.dismissQuarantined(ctx, request.params.id, request.params.rowId, f.reason ?? '');
          reply.flash('success', `Row ${row.row_number} is dismissed; it stays out of Hearth.`);
        } else {
          const values = Object.fromEntries(header.map((h, i) => [h, f[`col-${i}`] ?? '']));
          const result = await datasets.correctQuarantined(ctx, request.params.id, request.params.rowId, values, f.reason ?? '');
          reply.flash('success', `Row ${result.rowNumber} is corrected and now in Hearth${result.relinkJob ? '; linkage will run again for it' : ''}.`);
        }
        return reply.redirect(`/data/runs/${request.params.id}`, 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return rowPage(request, reply, { ...f }, error.fields);
      }
    });

    const recordPage = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, values: Record<string, string> = {}, errors?: Record<string, string>) => {
      const detail = await datasets.record(request.context(), request.params.id);
      return reply.code(errors ? 400 : 200).page('datasets/views/record.njk', {
        pageTitle: `Record ${detail.record.record_key}`, ...detail, values, errors,
        columnItems: [
          { value: '', text: 'Select a value' },
          ...CORRECTABLE_COLUMNS.map((c) => ({ value: c, text: IDENTITY_LABELS[c as keyof typeof IDENTITY_LABELS] ?? c, selected: values.column === c })),
          ...detail.eventFields.map((f) => ({ value: f, text: eventFieldLabel(f).replace(/^./, (c) => c.toUpperCase()), selected: values.column === f })),
        ],
        fields: CORRECTABLE_COLUMNS.map((c) => ({ column: c, label: IDENTITY_LABELS[c as keyof typeof IDENTITY_LABELS] ?? c, value: detail.record[c] })),
      });
    };

    scope.get<{ Params: { id: string } }>('/data/records/:id', { preHandler: manage }, async (request, reply) => recordPage(request, reply));

    scope.post<{ Params: { id: string } }>('/data/records/:id', { preHandler: manage }, async (request, reply) => {
      const f = readForm<'column' | 'value' | 'reason'>(request.body);
      try {
        const result = await datasets.correctRecord(request.context(), request.params.id, f);
        const label = isEventField(f.column) ? eventFieldLabel(f.column) : (IDENTITY_LABELS[f.column as keyof typeof IDENTITY_LABELS] ?? f.column);
        reply.flash('success', `The ${label} is corrected${result.relinkJob ? '; linkage will run again for this record' : ''}${result.eventPlaced ? '; the person’s event has the new value, and families evaluated before now show it under “Check before contact”' : ''}.`);
        return reply.redirect(`/data/records/${request.params.id}`, 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return recordPage(request, reply, { ...f }, error.fields);
      }
    });

    // ---------------------------------------------------------------- API tokens
    scope.get('/data/tokens', { preHandler: manage }, async (request, reply) => {
      const tokens = await datasets.tokens(request.context());
      return reply.page('datasets/views/tokens.njk', { pageTitle: 'API tokens', tokens, values: {} });
    });

    scope.post('/data/tokens', { preHandler: manage }, async (request, reply) => {
      const ctx = request.context();
      const f = readForm<'name'>(request.body);
      try {
        const token = await datasets.createToken(ctx, f.name);
        reply.header('cache-control', 'no-store');
        return reply.code(201).page('datasets/views/tokens.njk', { pageTitle: 'API token created', tokens: await datasets.tokens(ctx), created: { name: f.name, token }, values: {} });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply.code(400).page('datasets/views/tokens.njk', { pageTitle: 'API tokens', tokens: await datasets.tokens(ctx), values: f, errors: error.fields });
      }
    });

    scope.post<{ Params: { id: string } }>('/data/tokens/:id/revoke', { preHandler: manage }, async (request, reply) => {
      await datasets.revokeToken(request.context(), request.params.id);
      reply.flash('success', 'The token is revoked; it can no longer deliver data.');
      return reply.redirect('/data/tokens', 303);
    });

    // ---------------------------------------------------------------- the deliveries API
    await scope.register(async (api) => {
      const actors = new WeakMap<FastifyRequest, ImportActor>();
      api.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
      const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
        const header = request.headers.authorization ?? '';
        const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
        const actor = token ? await datasets.authenticateToken(token, request.id) : null;
        if (!actor) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message: 'Send a live API token as "Authorization: Bearer hth_…". Data managers create tokens at /data/tokens.' });
        actors.set(request, actor);
        const length = Number(request.headers['content-length'] ?? 0);
        if (length > MAX_DELIVERY_BYTES) return reply.code(413).send({ error: 'too_large', message: `The file is ${formatBytes(length)}; the largest delivery Hearth accepts is ${formatBytes(MAX_DELIVERY_BYTES)}.` });
      };

      api.post<{ Params: { name: string }; Querystring: { filename?: string } }>('/api/v1/sources/:name/deliveries', { config: { public: true, api: true }, onRequest: authenticate }, async (request, reply) => {
        const actor = actors.get(request);
        if (!actor) throw new NotFoundError();
        const sourceId = await datasets.sourceIdByName(actor.localAuthorityId, request.params.name);
        if (!sourceId) return reply.code(404).send({ error: 'not_found', message: `There is no data source named "${request.params.name}".` });
        const body = request.body as NodeJS.ReadableStream | undefined;
        if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function') return reply.code(400).send({ error: 'no_file', message: 'Send the delivered file as the request body.' });
        const fileName = String(request.query.filename ?? `${request.params.name}-${new Date().toISOString().slice(0, 10)}`).replace(/[^\w.-]/g, '_').slice(0, 200);
        const file = await saveUpload(request, body, fileName);
        if (file.truncated) return reply.code(413).send({ error: 'too_large', message: `The file is larger than ${formatBytes(MAX_DELIVERY_BYTES)}, the largest delivery Hearth accepts.` });
        if (file.size === 0) return reply.code(400).send({ error: 'empty', message: 'The request body is empty: send the delivered file.' });
        try {
          const { jobId, runId } = await datasets.enqueueImport(actor, sourceId, { path: file.path, name: fileName }, 'api');
          kept.add(request);
          return reply.code(202).send({ job: jobId, run: runId, status: 'queued', statusUrl: `/api/v1/jobs/${jobId}` });
        } catch (error) {
          if (error instanceof ImportRefused) return reply.code(409).send({ error: 'refused', message: error.message });
          throw error;
        }
      });

      api.get<{ Params: { id: string } }>('/api/v1/jobs/:id', { config: { public: true, api: true }, onRequest: authenticate }, async (request, reply) => {
        const actor = actors.get(request);
        if (!actor || !/^[0-9a-f-]{36}$/.test(request.params.id)) return reply.code(404).send({ error: 'not_found' });
        const job = await container.queue.status(actor.localAuthorityId, request.params.id);
        // A delivery's import, and the linkage an import queues (named in its result as linkJobId).
        if (!job || (job.name !== IMPORT_JOB && job.name !== RELINK_JOB)) return reply.code(404).send({ error: 'not_found' });
        return reply.header('cache-control', 'no-store').send({ job: job.id, status: job.status, done: job.progress_done, total: job.progress_total, message: job.message, error: job.error, result: job.result });
      });
    });
  });
}
