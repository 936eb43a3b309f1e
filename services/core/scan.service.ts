import { randomUUID } from 'node:crypto';
import type { Catalog } from '../../shared/catalog/catalog.loader.js';
import type { ScanVault } from '../../shared/crypto/scan-vault.js';
import type { AuditAction, AuditRepository } from '../../shared/db/repositories/audit.repository.js';
import type { FindingRepository } from '../../shared/db/repositories/finding.repository.js';
import type { OrgRepository } from '../../shared/db/repositories/org.repository.js';
import type { PageRepository } from '../../shared/db/repositories/page.repository.js';
import type { RemediationRepository } from '../../shared/db/repositories/remediation.repository.js';
import type { ScanRepository, ScanRow, ScanSourceRow } from '../../shared/db/repositories/scan.repository.js';
import { assignIdentifierIds, isPublicIdentifier } from '../../shared/domain/identifier.js';
import {
  isScanFinished,
  type FindingDetail,
  type ScanRequest,
  type SealedScanRequest,
} from '../../shared/domain/scan.js';
import { describeCoverage, type Coverage, type SourceProgressFacts } from '../../shared/domain/coverage.js';
import { AppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { validateIdentifierValues } from '../../shared/matching/index.js';
import type { JobSink } from '../../shared/queue/jobs.js';
import { eraseScan, purgeExpiredScans } from '../../shared/retention/scan-erasure.js';
import { placeKindOf, siteHosts } from '../../shared/catalog/catalog.schema.js';
import { buildReport } from '../../shared/report/report.builder.js';
import type { RemediationStatus, Report } from '../../shared/report/report.schema.js';
import { SCANNER_VERSION } from '../../shared/version.js';
import { resumeScan, type ResumeOutcome } from './scan-resume.js';

/**
 * Creating scans, reading their progress and building their reports: what the API and the CLI share.
 * Tenancy is decided here: every read takes the caller's organisation (null in local mode), and
 * another organisation's scan does not exist for the caller.
 */
export interface ScanServiceDeps {
  scans: ScanRepository;
  findings: FindingRepository;
  pages: PageRepository;
  audit: AuditRepository;
  remediation: RemediationRepository;
  orgs: Pick<OrgRepository, 'retentionDaysOf'>;
  catalog: Catalog;
  vault: ScanVault;
  jobs: JobSink;
  log: Logger;
  mode: 'local' | 'service';
  /** Days a scan is kept unless its organisation set its own (EXPOSURE_RETENTION_DAYS). */
  retentionDays: number;
  /** Whether a proxy is configured for outbound fetches (docs/safety.md §2). */
  proxyConfigured: boolean;
}

export interface Caller {
  orgId: string | null;
  /** "api-key:<id>" or "cli": never a person. */
  actor: string;
}

/** The caller an organisation's API key makes, in the API and in the pages signed in with that key. */
export function apiKeyCaller(orgId: string | null, apiKeyId: string | null): Caller {
  return { orgId, actor: `api-key:${apiKeyId}` };
}

export interface ScanStatusView {
  id: string;
  status: string;
  /** The requester's own label (SealedScanRequest.reference), or null. */
  reference: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  ranDirect: boolean;
  sources: Array<{
    id: string;
    status: string;
    searches: { total: number; done: number };
    pages: { total: number; fetched: number; failed: number };
    error: string | null;
    /** How completely the place was checked, as the report states it (not-searched while running). */
    coverage: Coverage;
    coverageReason: string;
  }>;
  summary: ScanRow['summary'];
}

export class ScanService {
  constructor(private readonly deps: ScanServiceDeps) {}

  /** Validates, seals and stores the request, then queues its plan. Nothing is stored for a refused request. */
  async create(request: ScanRequest, caller: Caller): Promise<{ id: string; status: string }> {
    const { deps } = this;
    const identifiers = assignIdentifierIds(request.identifiers);
    // Ids are stored in clear (job ids, finding rows): one that spells out a value would leak it.
    identifiers.forEach((identifier, index) => {
      const id = identifier.id.toLowerCase();
      if (id.length >= 4 && identifiers.some((other) => other.value.toLowerCase().includes(id))) {
        throw new AppError(
          'VALIDATION_FAILED',
          `identifiers[${index}].id: must not repeat an identifier's value (ids are stored in clear)`,
        );
      }
    });
    const [problem] = validateIdentifierValues(identifiers);
    if (problem) {
      const index = identifiers.findIndex((identifier) => identifier.id === problem.identifierId);
      throw new AppError('VALIDATION_FAILED', `identifiers[${index}].${problem.field}: ${problem.message}`);
    }
    if (deps.mode === 'service' && !request.consent) {
      throw new AppError(
        'CONSENT_REQUIRED',
        'consent: a consent attestation is required for every scan (docs/safety.md §3)',
      );
    }

    const sourceIds =
      request.sources ??
      deps.catalog
        .list()
        .filter((source) => source.enabled)
        .map((source) => source.id);
    request.sources?.forEach((id, index) => {
      if (!deps.catalog.has(id) || !deps.catalog.get(id).enabled) {
        // The value is not repeated: no error answer echoes the request (GET /v1/sources lists them).
        throw new AppError('UNKNOWN_SOURCE', `sources[${index}]: not a source this service can search`);
      }
    });
    const hostile = sourceIds.some((id) => deps.catalog.get(id).trust === 'hostile');
    const ranDirect = hostile && !deps.proxyConfigured;
    if (ranDirect && !request.allowDirect) {
      throw new AppError(
        'PROXY_REQUIRED',
        "allowDirect: hostile sources would see this machine's IP address; configure EXPOSURE_PROXY or set allowDirect to accept it",
      );
    }

    const id = randomUUID();
    const { wrapped, keyId } = deps.vault.newScanKey(id);
    const keyRef = { id, wrapped_key: wrapped, key_id: keyId };
    const retentionDays =
      (caller.orgId === null ? null : await deps.orgs.retentionDaysOf(caller.orgId)) ?? deps.retentionDays;
    const sealed: SealedScanRequest = {
      identifiers,
      ...(request.consent ? { consent: request.consent } : {}),
      ...(request.reference ? { reference: request.reference } : {}),
    };
    await deps.scans.create({
      id,
      orgId: caller.orgId,
      wrappedKey: wrapped,
      keyId,
      sealedRequest: deps.vault.seal(keyRef, sealed),
      options: {
        sources: sourceIds,
        allowDirect: request.allowDirect,
        remoteSearchOptIn: request.remoteSearchOptIn,
        ranDirect,
        mode: deps.mode,
      },
      expiresAt: new Date(Date.now() + retentionDays * 24 * 3600 * 1000),
      sourceIds,
    });
    try {
      await deps.jobs.enqueuePlan(id);
    } catch (error) {
      // A scan nobody will run must not linger: take it back and tell the caller to retry.
      await deps.scans.delete(id);
      deps.log.error({ scanId: id, err: (error as Error).message }, 'could not queue scan');
      throw new AppError(
        'QUEUE_UNAVAILABLE',
        'the job queue is unavailable; nothing was stored, try again shortly',
      );
    }
    await deps.audit.append({ actor: caller.actor, action: 'scan.create', orgId: caller.orgId, scanId: id });
    deps.log.info({ scanId: id, sources: sourceIds.length, identifiers: identifiers.length }, 'scan created');
    return { id, status: 'queued' };
  }

  private async load(id: string, caller: Caller): Promise<ScanRow> {
    const scan = await this.deps.scans.getForOrg(id, caller.orgId);
    if (!scan) throw new AppError('SCAN_NOT_FOUND', `no scan with id ${id}`);
    return scan;
  }

  async list(caller: Caller, page: { limit: number; before?: string }) {
    const rows = await this.deps.scans.list(caller.orgId, page);
    return rows.map((scan) => ({
      id: scan.id,
      status: scan.status,
      reference: this.referenceOf(scan),
      createdAt: iso(scan.created_at)!,
      finishedAt: iso(scan.finished_at),
      summary: scan.summary,
    }));
  }

  /** The requester's own label of a scan, opened from its sealed request; null when it has none. */
  private referenceOf(scan: ScanRow): string | null {
    return this.deps.vault.open<SealedScanRequest>(scan, scan.sealed_request).reference ?? null;
  }

  /** The catalog as a caller may see it: what is searched and how, without deployment details. */
  sources() {
    return this.deps.catalog.list().map((source) => ({
      id: source.id,
      name: source.name,
      adapter: source.adapter,
      trust: source.trust,
      fetch: source.fetch,
      enabled: source.enabled,
    }));
  }

  async status(id: string, caller: Caller): Promise<ScanStatusView> {
    const scan = await this.load(id, caller);
    const progress = await this.deps.scans.sourceProgress(id);
    return {
      id: scan.id,
      status: scan.status,
      reference: this.referenceOf(scan),
      createdAt: iso(scan.created_at)!,
      startedAt: iso(scan.started_at),
      finishedAt: iso(scan.finished_at),
      ranDirect: scan.options.ranDirect,
      sources: progress.map((row) => sourceView(row, isScanFinished(scan.status))),
      summary: scan.summary,
    };
  }

  /**
   * Deletes a scan and everything derived from it: its rows (sources, pages, evidence, findings go
   * with it) and its data key in one transaction, its queue jobs, and its key cached in this process.
   * The audit log keeps the deletion.
   */
  async delete(id: string, caller: Caller): Promise<void> {
    await this.load(id, caller);
    await eraseScan(this.deps, id, caller.actor, 'scan.delete');
  }

  /**
   * docs/safety.md §4: scans past their retention period go, with everything derived from them (the
   * same code the maintenance queue's purge job runs). Returns how many went.
   */
  async purgeExpired(now: Date = new Date()): Promise<number> {
    return purgeExpiredScans(this.deps, now);
  }

  /**
   * Resumes a finished scan: finishes what it left undone without repeating what it stored
   * (scan-resume.ts). A scan still running is a 409; another organisation's, a 404.
   */
  async resume(id: string, caller: Caller): Promise<ResumeOutcome> {
    const scan = await this.load(id, caller);
    const outcome = await resumeScan(this.deps, scan);
    await this.deps.audit.append({
      actor: caller.actor,
      action: 'scan.resume',
      orgId: caller.orgId,
      scanId: id,
    });
    return outcome;
  }

  /**
   * The report of a scan, with the caller's access recorded: `report.view` when it is shown,
   * `scan.export` when it goes into an evidence pack (evidence-pack.ts).
   */
  async report(
    id: string,
    caller: Caller,
    access: 'report.view' | 'scan.export' = 'report.view',
  ): Promise<Report> {
    const scan = await this.load(id, caller);
    await this.deps.audit.append({ actor: caller.actor, action: access, orgId: caller.orgId, scanId: id });
    return this.reportOf(scan);
  }

  /**
   * Sets where the person is with one finding of their report (asked for removal, removed, ...). The
   * next report shows it; the audit log records that it changed, for which finding id, by whom.
   */
  async setRemediation(
    id: string,
    findingId: string,
    status: RemediationStatus,
    caller: Caller,
  ): Promise<{ findingId: string; status: RemediationStatus; updatedAt: string }> {
    const scan = await this.load(id, caller);
    await this.requireFinding(scan, findingId);
    const stored = await this.deps.remediation.set(id, findingId, status);
    await this.deps.audit.append({
      actor: caller.actor,
      action: 'finding.remediation',
      orgId: caller.orgId,
      scanId: id,
      findingId,
    });
    return { findingId, status: stored.status, updatedAt: stored.updatedAt.toISOString() };
  }

  /**
   * Records that a finding's content (what the post says) was shown to the caller: the web pages call
   * this before revealing it, the API on request. Ids only reach the audit log.
   */
  async recordReveal(id: string, findingId: string, caller: Caller): Promise<void> {
    const scan = await this.load(id, caller);
    await this.requireFinding(scan, findingId);
    await this.deps.audit.append({
      actor: caller.actor,
      action: 'finding.reveal',
      orgId: caller.orgId,
      scanId: id,
      findingId,
    });
  }

  /**
   * Records that a session of the web pages began or was ended by its person (the audit actor is the
   * session's key, or the local pages): who could see an organisation's scans, and when.
   */
  async recordSession(caller: Caller, action: 'session.sign-in' | 'session.sign-out'): Promise<void> {
    await this.deps.audit.append({ actor: caller.actor, action, orgId: caller.orgId, scanId: null });
  }

  /**
   * The caller's organisation's audit entries (local mode: the entries of no organisation), newest
   * first; `before` is the `seq` the previous page ended on. Never another organisation's entries.
   */
  async auditLog(caller: Caller, page: { limit: number; before?: number }) {
    const rows = await this.deps.audit.list(caller.orgId, page);
    return rows.map((row) => ({
      seq: row.seq,
      at: iso(row.at)!,
      actor: row.actor,
      action: row.action as AuditAction,
      scanId: row.scan_id,
      findingId: row.finding_id,
      keyId: row.api_key_id,
      rowHash: row.row_hash,
    }));
  }

  /** A finding id the scan's report does not have is a 404, like a scan the caller may not see. */
  private async requireFinding(scan: ScanRow, findingId: string): Promise<void> {
    const report = await this.reportOf(scan);
    if (!report.findings.some((finding) => finding.id === findingId)) {
      throw new AppError('FINDING_NOT_FOUND', "findingId: no such finding in this scan's report");
    }
  }

  /** Builds the report of a scan the caller was already allowed to see; records nothing. */
  private async reportOf(scan: ScanRow): Promise<Report> {
    const { deps } = this;
    const id = scan.id;
    const request = deps.vault.open<SealedScanRequest>(scan, scan.sealed_request);
    const progress = await deps.scans.sourceProgress(id);
    const findings = await deps.findings.listByScan(id);
    const remediation = await deps.remediation.listByScan(id);
    return buildReport({
      scannerVersion: SCANNER_VERSION,
      generatedAt: new Date(),
      scan: {
        id: scan.id,
        status: scan.status,
        mode: scan.options.mode,
        ranDirect: scan.options.ranDirect,
        createdAt: new Date(scan.created_at),
        finishedAt: scan.finished_at ? new Date(scan.finished_at) : null,
      },
      identifiers: request.identifiers.map((identifier) => ({
        id: identifier.id,
        kind: identifier.kind,
        value: identifier.value,
        public: isPublicIdentifier(identifier),
      })),
      sources: progress.map((row) => {
        const source = deps.catalog.has(row.source_id) ? deps.catalog.get(row.source_id) : undefined;
        const placeKind = source ? placeKindOf(source.adapter) : 'site';
        return {
          id: row.source_id,
          name: source?.name ?? row.source_id,
          trust: source?.trust ?? 'hostile',
          placeKind,
          ...(source && placeKind === 'archive'
            ? { archive: source.adapter as 'wayback' | 'archive-today' }
            : {}),
          hosts: source ? siteHosts(source) : [],
          removalRoute: source?.removalRoute ?? { contactSite: 'unknown', removal: 'possible' },
          ...progressFacts(row),
        };
      }),
      findings: findings.map((finding) => ({
        id: finding.id,
        pageId: finding.page_id,
        sourceId: finding.source_id,
        severity: finding.severity,
        detail: deps.vault.open<FindingDetail>(scan, finding.sealed_detail),
      })),
      remediation,
    });
  }
}

function sourceView(row: ScanSourceRow, scanFinished: boolean): ScanStatusView['sources'][number] {
  const { coverage, reason } = describeCoverage(progressFacts(row), scanFinished);
  return {
    id: row.source_id,
    status: row.status,
    searches: { total: row.searches_total, done: row.searches_done },
    pages: { total: row.pages_total, fetched: row.pages_done, failed: row.pages_failed },
    error: row.error,
    coverage,
    coverageReason: reason,
  };
}

/** What a source's progress row says about how completely it was checked (shared/domain/coverage.ts). */
function progressFacts(row: ScanSourceRow): SourceProgressFacts {
  return {
    status: row.status,
    coverage: row.coverage,
    reason: row.coverage_reason ?? row.error,
    searchesTotal: row.searches_total,
    searchesDone: row.searches_done,
    pagesTotal: row.pages_total,
    pagesFetched: row.pages_done,
    pagesFailed: row.pages_failed,
  };
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
