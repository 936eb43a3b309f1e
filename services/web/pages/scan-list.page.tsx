import { dateTimeInWords } from '../../../shared/report/report.words.js';
import { Layout, type PageSession } from './layout.js';
import { scanStatusWords } from './status-words.js';

export interface ScanListItem {
  id: string;
  status: string;
  reference: string | null;
  createdAt: string;
}

export type ScanListNotice = 'deleted' | null;

export interface ScanListPageProps {
  session: PageSession;
  scans: ScanListItem[];
  /** The id to page on from, when there are older scans. */
  olderFrom: string | null;
  notice: ScanListNotice;
}

/** The organisation's scans (or the local person's), newest first. */
export function ScanListPage({ session, scans, olderFrom, notice }: ScanListPageProps) {
  const showReference = session.kind === 'org';
  return (
    <Layout title="Scans" session={session}>
      <h1>Scans</h1>
      {notice === 'deleted' && (
        <p class="notice" role="status">
          The scan was deleted, with its report and everything saved from it.
        </p>
      )}
      <p>
        <a class="button" href="/scans/new">
          Start a new scan
        </a>
      </p>
      {scans.length === 0 ? (
        <p>
          There are no scans yet. A new scan searches the places you choose for what you tell it to look for.
        </p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Scans, newest first</caption>
          <thead>
            <tr>
              {showReference && <th scope="col">Reference</th>}
              <th scope="col">Started</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span class="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {scans.map((scan) => (
              <tr key={scan.id} data-scan-id={scan.id}>
                {showReference && <td>{scan.reference ?? <span class="muted">No reference</span>}</td>}
                <td>{dateTimeInWords(scan.createdAt)}</td>
                <td>{scanStatusWords(scan.status)}</td>
                <td>
                  <a href={`/scans/${scan.id}`}>
                    Open
                    <span class="visually-hidden"> the scan started {dateTimeInWords(scan.createdAt)}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {olderFrom && (
        <p>
          <a href={`/scans?before=${encodeURIComponent(olderFrom)}`}>Older scans</a>
        </p>
      )}
    </Layout>
  );
}
