import {
  REMEDIATION_STATUSES,
  type Report,
  type ReportFinding,
} from '../../../shared/report/report.schema.js';
import { findingAnchor, ReportView } from '../../../shared/report/report.view.js';
import { dateTimeInWords, REMEDIATION_LABELS } from '../../../shared/report/report.words.js';
import { CSRF_FIELD } from '../session/csrf.js';
import { FieldError } from './fields.js';
import { CsrfField, Layout, type PageSession } from './layout.js';

export interface ReportPageProps {
  session: PageSession;
  report: Report;
  reference: string | null;
  /** Findings revealed in this session (ids of this report's findings). */
  revealed: ReadonlySet<string>;
  /** The finding whose status was just saved, to say so beside it. */
  savedFindingId: string | null;
  /** A status form sent back (a status not on the list): the problem, beside its finding. */
  statusProblem?: { findingId: string; message: string } | null;
  /** Whether evidence packs can be made here. */
  canExport: boolean;
}

export function findingPath(scanId: string, findingId: string, action: 'reveal' | 'remediation'): string {
  return `/scans/${scanId}/findings/${encodeURIComponent(findingId)}/${action}`;
}

/**
 * The report in the app: the shared report view with a reveal form per finding (each reveal is
 * audited), a status form per finding, and the scan's own actions (the evidence pack, deletion).
 */
export function ReportPage({
  session,
  report,
  reference,
  revealed,
  savedFindingId,
  statusProblem = null,
  canExport,
}: ReportPageProps) {
  const scanId = report.scan.id;
  const problemField = statusProblem ? `${findingAnchor(statusProblem.findingId)}-status` : null;
  return (
    <Layout
      title={statusProblem ? 'Problem: report' : 'Report'}
      session={session}
      styles={['/assets/report.css']}
    >
      {statusProblem && problemField && (
        <div class="error-summary" role="alert" tabIndex={-1} autofocus aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">That status was not saved</h2>
          <ul>
            <li>
              <a href={`#${problemField}`}>{statusProblem.message}</a>
            </li>
          </ul>
        </div>
      )}
      <div class="report-header">
        <h1>{session.kind === 'org' ? 'Exposure report' : 'Your exposure report'}</h1>
        <p class="meta">
          {reference && (
            <>
              Reference: <strong>{reference}</strong>.{' '}
            </>
          )}
          Scan started {dateTimeInWords(report.scan.createdAt)}.
        </p>
        <div class="button-row">
          {canExport && (
            <form method="post" action={`/scans/${scanId}/export`} class="inline-form">
              <CsrfField token={session.csrfToken} />
              <button type="submit" class="button button--secondary">
                Download the evidence pack
              </button>
            </form>
          )}
          <a class="button button--secondary" href={`/scans/${scanId}/delete`}>
            Delete this scan
          </a>
        </div>
        {canExport && (
          <p class="hint">
            The evidence pack is a ZIP file with the saved copy of every page, a picture of each, a list of
            their fingerprints (SHA-256) and this report: what a platform, a lawyer or the police may ask for.
          </p>
        )}
      </div>
      <ReportView
        report={report}
        options={{
          reveal: {
            kind: 'app',
            revealed,
            revealAction: (findingId) => findingPath(scanId, findingId, 'reveal'),
            formFields: { [CSRF_FIELD]: session.csrfToken },
          },
          findingControls: (finding) => (
            <RemediationForm
              scanId={scanId}
              finding={finding}
              csrfToken={session.csrfToken}
              saved={finding.id === savedFindingId}
              problem={finding.id === statusProblem?.findingId ? statusProblem.message : undefined}
            />
          ),
        }}
      />
    </Layout>
  );
}

function RemediationForm({
  scanId,
  finding,
  csrfToken,
  saved,
  problem,
}: {
  scanId: string;
  finding: ReportFinding;
  csrfToken: string;
  saved: boolean;
  problem?: string | undefined;
}) {
  const id = `${findingAnchor(finding.id)}-status`;
  return (
    <form method="post" action={findingPath(scanId, finding.id, 'remediation')} class="remediation-form">
      <CsrfField token={csrfToken} />
      <label for={id}>Where things stand with this post</label>
      <FieldError id={id} message={problem} />
      <select
        id={id}
        name="status"
        class="select"
        data-remediation-status
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
      >
        {REMEDIATION_STATUSES.map((status) => (
          <option value={status} selected={status === finding.remediation.status} key={status}>
            {REMEDIATION_LABELS[status]}
          </option>
        ))}
      </select>
      <button type="submit" class="button button--secondary button--small">
        Save<span class="visually-hidden"> where things stand with post {finding.postId}</span>
      </button>
      {saved && (
        <span class="saved" role="status">
          Saved.
        </span>
      )}
    </form>
  );
}
