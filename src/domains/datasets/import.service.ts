// Importing one delivery: refuse it without a current agreement or a mapping, recognise a file
// already imported (SHA-256 per source: 'duplicate', nothing changes), then stream, map, validate
// and write the whole run — source records (each with its mapped event), quarantined rows and the run row itself — in ONE
// transaction. A failure or a killed process leaves nothing of the run behind; a failure is then
// recorded as a 'failed' run in a transaction of its own. See docs/adr/2026-11-23-ingestion.md.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { withTenant, type Tx } from '../../db/tenant.ts';
import { ConflictError } from '../../platform/errors.ts';
import { isoDate, type Clock } from '../../platform/clock.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { datasetRepository } from './dataset.repository.ts';
import { DeliveryError, inspectDelivery } from './delivery.ts';
import { readEncodedBatches } from './delivery-reader.ts';
import type { MappingSpec } from './mapping.ts';

export type ImportOrigin = 'browser' | 'cli' | 'api' | 'demo';

/** Who asked for an import, for the run row and the audit log. */
export interface ImportActor {
  localAuthorityId: string;
  userId: string | null;
  name: string;
  correlationId: string;
}

export interface ImportRequest {
  actor: ImportActor;
  /** Source id or name. */
  source: { id: string } | { name: string };
  path: string;
  fileName: string;
  origin: ImportOrigin;
  runId?: string;
  jobId?: string | null;
  /** Rows read so far and an estimate of all rows (from bytes read). */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** Rows per insert statement. */
  batchSize?: number;
  /**
   * Called inside the run's transaction once every row is written, with the counts: what it does
   * (queueing linkage, say) commits with the run or not at all.
   */
  onLanded?: (tx: Tx, counts: { total: number; accepted: number; rejected: number }) => Promise<void>;
  /** Test hook: called after each batch is written, inside the transaction. */
  afterBatch?: (rowsSoFar: number) => void | Promise<void>;
}

export interface ImportResult {
  runId: string;
  sourceId: string;
  sourceName: string;
  status: 'succeeded' | 'duplicate' | 'failed';
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  duplicateOf?: string;
  error?: string;
}

/** An import that must not go ahead (no current agreement, no mapping); the message says why. */
export class ImportRefused extends ConflictError {}

/** The agreement that covers `today`, if any, and otherwise why none does. */
export function currentAgreement<T extends { start_date: string; end_date: string | null; reference: string }>(agreements: T[], today: string): { agreement: T } | { refusal: string } {
  const current = agreements.filter((a) => a.start_date <= today && (a.end_date === null || a.end_date >= today)).sort((a, b) => (a.start_date < b.start_date ? 1 : -1))[0];
  if (current) return { agreement: current };
  if (agreements.length === 0) return { refusal: 'it has no data-sharing agreement. Record the agreement it arrives under first.' };
  const future = agreements.filter((a) => a.start_date > today).sort((a, b) => (a.start_date < b.start_date ? -1 : 1))[0];
  if (future) return { refusal: `its data-sharing agreement ${future.reference} does not start until ${future.start_date}.` };
  const last = [...agreements].sort((a, b) => ((a.end_date ?? '') < (b.end_date ?? '') ? 1 : -1))[0];
  return { refusal: `its data-sharing agreement ${last?.reference ?? ''} ended on ${last?.end_date ?? ''}. Record a renewed agreement first.` };
}

export function createImportService(db: Db, audit: AuditService, clock: Clock) {
  async function loadForImport(tx: Tx, source: ImportRequest['source']) {
    const found = 'id' in source ? await datasetRepository.findSource(tx, source.id) : await datasetRepository.findSourceByName(tx, source.name);
    if (!found) throw new ImportRefused(`There is no data source ${'name' in source ? `named "${source.name}"` : 'with that id'}.`);
    const today = isoDate(clock.now());
    const agreements = await datasetRepository.agreements(tx, found.id);
    const current = currentAgreement(agreements, today);
    if ('refusal' in current) throw new ImportRefused(`${found.name} cannot be imported: ${current.refusal}`);
    const mapping = await datasetRepository.latestMapping(tx, found.id);
    if (!mapping) throw new ImportRefused(`${found.name} cannot be imported: it has no mapping yet. Define how its columns map to Hearth's records first.`);
    return { source: found, agreement: current.agreement, mapping, today };
  }

  async function recordFailure(req: ImportRequest, runId: string, sourceId: string, error: string, extra: { sha256?: string | null; size?: number | null; mappingId?: string | null; agreementId?: string | null }) {
    await withTenant(db, req.actor.localAuthorityId, async (tx) => {
      await datasetRepository.deleteFailedRun(tx, runId);
      await datasetRepository.insertRun(tx, {
        local_authority_id: req.actor.localAuthorityId, id: runId, data_source_id: sourceId, status: 'failed', file_name: req.fileName, file_sha256: extra.sha256 ?? null, file_size: extra.size ?? null,
        mapping_id: extra.mappingId ?? null, agreement_id: extra.agreementId ?? null, origin: req.origin, created_by: req.actor.userId, job_id: req.jobId ?? null, error,
        started_at: clock.now(), finished_at: clock.now(),
      });
      await audit.recordSystem(tx, req.actor.localAuthorityId, req.actor.correlationId, { actorId: req.actor.userId, actorName: req.actor.name, action: 'import.failed', subjectType: 'import_run', subjectId: runId, details: { file: req.fileName, error } });
    });
  }

  return {
    /** Checks a source can take a delivery now (for forms, before a file is queued). */
    async checkImportable(localAuthorityId: string, source: ImportRequest['source']) {
      return withTenant(db, localAuthorityId, async (tx) => {
        const { source: s, agreement, mapping } = await loadForImport(tx, source);
        return { sourceId: s.id, sourceName: s.name, agreementId: agreement.id, mappingVersion: mapping.version, format: (mapping.spec as MappingSpec).format };
      });
    },

    async importDelivery(req: ImportRequest): Promise<ImportResult> {
      const runId = req.runId ?? randomUUID();
      const la = req.actor.localAuthorityId;
      let loaded;
      try {
        loaded = await withTenant(db, la, (tx) => loadForImport(tx, req.source));
      } catch (error) {
        if (error instanceof ImportRefused && 'name' in req.source === false) {
          const sourceId = (req.source as { id: string }).id;
          const exists = await withTenant(db, la, (tx) => datasetRepository.findSource(tx, sourceId));
          if (exists) await recordFailure(req, runId, sourceId, error.message, {});
        } else if (error instanceof ImportRefused) {
          const exists = await withTenant(db, la, (tx) => datasetRepository.findSourceByName(tx, (req.source as { name: string }).name));
          if (exists) await recordFailure(req, runId, exists.id, error.message, {});
        }
        throw error;
      }
      const { source, agreement, mapping, today } = loaded;
      const spec = mapping.spec as MappingSpec;
      const base = { runId, sourceId: source.id, sourceName: source.name };

      let inspected;
      try {
        inspected = await inspectDelivery(req.path, spec.encoding);
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        await recordFailure(req, runId, source.id, error.message, { mappingId: mapping.id, agreementId: agreement.id });
        return { ...base, status: 'failed', rowsTotal: 0, rowsAccepted: 0, rowsRejected: 0, error: error.message };
      }

      const duplicate = async (original: { id: string; created_at: Date; file_name: string | null }): Promise<ImportResult> => {
        await withTenant(db, la, async (tx) => {
          await datasetRepository.deleteFailedRun(tx, runId);
          await datasetRepository.insertRun(tx, {
            local_authority_id: la, id: runId, data_source_id: source.id, status: 'duplicate', file_name: req.fileName, file_sha256: inspected.sha256, file_size: inspected.size,
            mapping_id: mapping.id, agreement_id: agreement.id, origin: req.origin, created_by: req.actor.userId, job_id: req.jobId ?? null, duplicate_of: original.id,
            error: `This file was already imported on ${original.created_at.toISOString().slice(0, 10)}; nothing was changed.`, started_at: clock.now(), finished_at: clock.now(),
          });
          await audit.recordSystem(tx, la, req.actor.correlationId, { actorId: req.actor.userId, actorName: req.actor.name, action: 'import.duplicate', subjectType: 'import_run', subjectId: runId, details: { file: req.fileName, duplicateOf: original.id } });
        });
        return { ...base, status: 'duplicate', rowsTotal: 0, rowsAccepted: 0, rowsRejected: 0, duplicateOf: original.id };
      };
      const original = await withTenant(db, la, (tx) => datasetRepository.succeededWithSha(tx, source.id, inspected.sha256));
      if (original) return duplicate(original);

      const batchSize = req.batchSize ?? 5000;
      try {
        const counts = await withTenant(db, la, async (tx) => {
          await datasetRepository.prepareImport(tx);
          await datasetRepository.deleteFailedRun(tx, runId);
          await datasetRepository.insertRun(tx, {
            local_authority_id: la, id: runId, data_source_id: source.id, status: 'running', file_name: req.fileName, file_sha256: inspected.sha256, file_size: inspected.size,
            mapping_id: mapping.id, agreement_id: agreement.id, origin: req.origin, created_by: req.actor.userId, job_id: req.jobId ?? null, started_at: clock.now(),
          });
          // Parsing, mapping and encoding run on a worker thread; this thread writes each batch.
          let accepted = 0;
          let rejected = 0;
          let total = 0;
          for await (const batch of readEncodedBatches({ path: req.path, format: inspected.format, spec, today, batchSize, localAuthorityId: la, sourceId: source.id, runId })) {
            await datasetRepository.copyBatch(tx, batch);
            accepted += batch.accepted;
            rejected += batch.rejected;
            total = batch.rowsSoFar;
            await req.afterBatch?.(total);
            if (req.onProgress) await req.onProgress(total, batch.bytesRead > 0 ? Math.max(total, Math.round((total * inspected.size) / batch.bytesRead)) : total);
          }
          if (total === 0) throw new DeliveryError('no_rows', 'The file has a header row but no data rows. Ask the sender for the delivery again.');
          await datasetRepository.finishRun(tx, runId, { rows_total: total, rows_accepted: accepted, rows_rejected: rejected });
          await audit.recordSystem(tx, la, req.actor.correlationId, {
            actorId: req.actor.userId, actorName: req.actor.name, action: 'import.succeeded', subjectType: 'import_run', subjectId: runId,
            details: { source: source.name, file: req.fileName, sha256: inspected.sha256, rows: total, accepted, rejected, mappingVersion: mapping.version, agreement: agreement.reference },
          });
          await req.onLanded?.(tx, { total, accepted, rejected });
          return { total, accepted, rejected };
        });
        await req.onProgress?.(counts.total, counts.total);
        return { ...base, status: 'succeeded', rowsTotal: counts.total, rowsAccepted: counts.accepted, rowsRejected: counts.rejected };
      } catch (error) {
        if (error instanceof DeliveryError) {
          await recordFailure(req, runId, source.id, error.message, { sha256: inspected.sha256, size: inspected.size, mappingId: mapping.id, agreementId: agreement.id });
          return { ...base, status: 'failed', rowsTotal: 0, rowsAccepted: 0, rowsRejected: 0, error: error.message };
        }
        // The same file committed by another import at the same moment.
        if ((error as { code?: string }).code === '23505' && /import_run_file_once/.test(String((error as Error).message))) {
          const again = await withTenant(db, la, (tx) => datasetRepository.succeededWithSha(tx, source.id, inspected.sha256));
          if (again) return duplicate(again);
        }
        const message = error instanceof Error ? error.message : String(error);
        await recordFailure(req, runId, source.id, `The import stopped and nothing from it was kept: ${message}`, { sha256: inspected.sha256, size: inspected.size, mappingId: mapping.id, agreementId: agreement.id }).catch(() => undefined);
        throw error;
      }
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
