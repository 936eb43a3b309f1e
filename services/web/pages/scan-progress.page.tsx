import { dateTimeInWords } from '../../../shared/report/report.words.js';
import type { ScanProgress } from '../scan-progress.js';
import { CsrfField, Layout, type PageSession } from './layout.js';

export interface ScanProgressPageProps {
  session: PageSession;
  progress: ScanProgress;
  reference: string | null;
  createdAt: string;
}

/**
 * A scan while it runs and once it has ended. The page updates itself from /scans/:id/events (a small
 * script); without JavaScript a refresh link does the same. The report is one link away once done.
 */
export function ScanProgressPage({ session, progress, reference, createdAt }: ScanProgressPageProps) {
  const reportHref = `/scans/${progress.id}/report`;
  return (
    <Layout
      title={progress.ended ? 'Scan finished' : 'Scan in progress'}
      session={session}
      scripts={['/assets/scan-progress.js']}
    >
      <div data-scan-progress data-events={`/scans/${progress.id}/events`}>
        <h1 data-progress-heading>{progress.ended ? 'Scan finished' : 'Scan in progress'}</h1>
        <p class="meta">
          {reference && (
            <>
              Reference: <strong>{reference}</strong>.{' '}
            </>
          )}
          Started {dateTimeInWords(createdAt)}.
        </p>
        <p class="status-line" role="status" aria-live="polite" data-progress-status>
          {progress.statusText}
        </p>

        <div class="report-ready" data-report-ready hidden={!progress.ended}>
          <p>
            The report quotes what was written about {session.kind === 'org' ? 'the person' : 'you'}. Some of
            it may be upsetting; each finding's words stay folded away until you choose to see them.
          </p>
          <p>
            <a class="button" href={reportHref}>
              Open the report
            </a>
          </p>
        </div>

        {progress.resumable && (
          <form method="post" action={`/scans/${progress.id}/resume`} class="resume" data-resume>
            <CsrfField token={session.csrfToken} />
            <p>
              Some places could not be checked completely (the table below says which and why). The scan can
              try again for what it left undone; what it has already found is kept and not fetched again.
            </p>
            <button type="submit" class="button button--secondary">
              Finish this scan
            </button>
          </form>
        )}

        <p data-refresh hidden={progress.ended}>
          This page updates by itself. <a href={`/scans/${progress.id}`}>Refresh the progress</a>
        </p>

        <table class="table progress-table">
          <caption>Progress in each place</caption>
          <thead>
            <tr>
              <th scope="col">Place</th>
              <th scope="col">State</th>
              <th scope="col">Searches</th>
              <th scope="col">Pages read</th>
              <th scope="col">How completely</th>
            </tr>
          </thead>
          <tbody>
            {progress.sources.map((source) => (
              <tr key={source.id} data-source={source.id}>
                <th scope="row">{source.name}</th>
                <td data-field="status">{source.statusText}</td>
                <td data-field="searches">{source.searchesText}</td>
                <td data-field="pages">{source.pagesText}</td>
                <td data-field="coverage">{source.coverageText}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <p>
          <a href={`/scans/${progress.id}/delete`}>Delete this scan</a>
        </p>
      </div>
    </Layout>
  );
}
