/** Plain words for the states a scan and its places go through: what the pages and the live updates say. */

const SCAN_STATUS_WORDS: Record<string, string> = {
  queued: 'Waiting to start',
  running: 'Searching',
  completed: 'Finished',
  partial: 'Finished, but some places could not be checked fully',
  failed: 'Could not finish',
};

const SOURCE_STATUS_WORDS: Record<string, string> = {
  pending: 'Waiting',
  running: 'Searching',
  done: 'Done',
  failed: 'Could not be checked',
  skipped: 'Skipped',
};

export const ENDED_SCAN_STATUSES: readonly string[] = ['completed', 'partial', 'failed'];

export function scanStatusWords(status: string): string {
  return SCAN_STATUS_WORDS[status] ?? status;
}

export function sourceStatusWords(status: string): string {
  return SOURCE_STATUS_WORDS[status] ?? status;
}

export function hasEnded(status: string): boolean {
  return ENDED_SCAN_STATUSES.includes(status);
}

/** "4 December 2026, 14:05 UTC": one unambiguous form, the same on the server whatever its locale. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  const day = date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${day}, ${time} UTC`;
}
