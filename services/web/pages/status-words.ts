import { SCAN_STATUS_LABELS } from '../../../shared/report/report.words.js';

/**
 * Plain words for the states a scan and its places go through: what the pages and the live updates say.
 * A scan's states are named as its report names them (shared/report/report.words.ts).
 */

const SOURCE_STATUS_WORDS: Record<string, string> = {
  pending: 'Waiting',
  running: 'Searching',
  done: 'Done',
  failed: 'Could not be checked',
  skipped: 'Skipped',
};

export function scanStatusWords(status: string): string {
  return (SCAN_STATUS_LABELS as Readonly<Record<string, string>>)[status] ?? status;
}

export function sourceStatusWords(status: string): string {
  return SOURCE_STATUS_WORDS[status] ?? status;
}
