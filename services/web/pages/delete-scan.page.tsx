import { dateTimeInWords } from '../../../shared/report/report.words.js';
import { CsrfField, Layout, type PageSession } from './layout.js';

export interface DeleteScanPageProps {
  session: PageSession;
  scanId: string;
  reference: string | null;
  createdAt: string;
}

/** Asks once before deleting: a deletion cannot be undone. */
export function DeleteScanPage({ session, scanId, reference, createdAt }: DeleteScanPageProps) {
  return (
    <Layout title="Delete this scan?" session={session}>
      <div class="narrow">
        <h1>Delete this scan?</h1>
        <p>
          {reference ? (
            <>
              The scan <strong>{reference}</strong>, started {dateTimeInWords(createdAt)},
            </>
          ) : (
            <>The scan started {dateTimeInWords(createdAt)}</>
          )}{' '}
          will be deleted with its report, the copies of pages saved as evidence, and the progress you
          recorded on each finding. This cannot be undone.
        </p>
        <p>If you may need the evidence later, download the evidence pack from the report first.</p>
        <form method="post" action={`/scans/${scanId}/delete`} class="button-row">
          <CsrfField token={session.csrfToken} />
          <button type="submit" class="button button--warning">
            Yes, delete this scan
          </button>
          <a href={`/scans/${scanId}`} class="button button--secondary">
            No, keep it
          </a>
        </form>
      </div>
    </Layout>
  );
}
