import type { OrgRepository } from '../../shared/db/repositories/org.repository.js';
import type { Caller, ScanService } from '../core/scan.service.js';
import type { OneTimeTokens } from './session/one-time-tokens.js';
import type { WebSessions } from './session/web-sessions.js';

/**
 * What the web pages are given. Service mode signs in with an organisation's API key (`orgs`); local
 * mode with the one-time link `exposure-scanner ui` prints (`oneTimeTokens`).
 */
export type WebOptions = {
  scans: ScanService;
  /** Makes a scan's evidence pack (services/core/evidence-pack.ts); without it, the pages offer none. */
  evidence?: EvidenceExporter | undefined;
  sessions: WebSessions;
  /** Whether fetches go through a proxy: if not, the new-scan form asks for the acknowledgement. */
  proxyConfigured: boolean;
  /** Always mark cookies Secure (the pages are served over HTTPS by something in front of this). */
  secureCookies?: boolean;
} & ({ mode: 'service'; orgs: OrgRepository } | { mode: 'local'; oneTimeTokens: OneTimeTokens });

/** What the pages need of the evidence pack's maker. */
export interface EvidenceExporter {
  exportPack(id: string, caller: Caller): Promise<{ fileName: string; bytes: Uint8Array }>;
}
