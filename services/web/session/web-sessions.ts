import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type {
  WebSessionRepository,
  WebSessionRow,
} from '../../../shared/db/repositories/web-session.repository.js';
import { apiKeyCaller, type Caller } from '../../core/scan.service.js';

/**
 * Sessions of the web pages. The browser gets a random token (the cookie); the database keeps its
 * SHA-256, the owner, a CSRF secret and two clocks. A session ends on sign-out, after `idleMs` without a
 * request, or `absoluteMs` after it began, whichever comes first; an ended session is deleted on sight.
 */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  /** `last_seen_at` is written at most this often: one write a minute, not one per page. */
  touchEveryMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3600_000,
  touchEveryMs: 60_000,
};

export type SessionOwner = { kind: 'org'; orgId: string; apiKeyId: string } | { kind: 'local' };

export interface WebSession {
  id: string;
  kind: 'org' | 'local';
  /** What the scan service sees: the organisation, and the key (or the local UI) as the audit actor. */
  caller: Caller;
  /** Every state-changing form of this session carries it (a hidden field). */
  csrfToken: string;
  /** Findings revealed in this session, as "<scan id>/<finding id>". */
  revealed: ReadonlySet<string>;
}

/** The audit actor of the local pages: a program, never a person. */
export const LOCAL_UI_ACTOR = 'local-ui';

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

export class WebSessions {
  constructor(
    private readonly repository: WebSessionRepository,
    readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new session (never a reused one: signing in always starts afresh). Returns the cookie's token. */
  async start(owner: SessionOwner): Promise<{ token: string; session: WebSession }> {
    const now = this.now();
    // Sign-in is rare: a good moment to clear sessions nobody will come back to.
    await this.repository.deleteExpired(now, new Date(now.getTime() - this.policy.idleMs));
    const token = newSecretToken();
    const row = {
      id: randomUUID(),
      tokenHash: hashSessionToken(token),
      kind: owner.kind,
      orgId: owner.kind === 'org' ? owner.orgId : null,
      apiKeyId: owner.kind === 'org' ? owner.apiKeyId : null,
      csrfSecret: newSecretToken(),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.policy.absoluteMs),
    };
    await this.repository.create(row);
    return {
      token,
      session: toSession({
        id: row.id,
        token_hash: row.tokenHash,
        kind: row.kind,
        org_id: row.orgId,
        api_key_id: row.apiKeyId,
        csrf_secret: row.csrfSecret,
        revealed: [],
        created_at: now,
        last_seen_at: now,
        expires_at: row.expiresAt,
      }),
    };
  }

  /** The live session a cookie's token names, or null (unknown, ended, timed out, its key revoked). */
  async resume(token: string | undefined, expectedKind: 'org' | 'local'): Promise<WebSession | null> {
    const row = await this.liveRow(token, expectedKind);
    if (!row) return null;
    const now = this.now().getTime();
    if (now - new Date(row.last_seen_at).getTime() >= this.policy.touchEveryMs) {
      await this.repository.touch(row.id, new Date(now));
    }
    return toSession(row);
  }

  /**
   * Whether the session is still live, without counting as a request: a page left open (its live
   * progress asking every half second) must not keep a session from timing out.
   */
  async isLive(token: string | undefined, expectedKind: 'org' | 'local'): Promise<boolean> {
    return (await this.liveRow(token, expectedKind)) !== null;
  }

  private async liveRow(
    token: string | undefined,
    expectedKind: 'org' | 'local',
  ): Promise<WebSessionRow | null> {
    if (!token || token.length > 200) return null;
    const row = await this.repository.findByTokenHash(hashSessionToken(token));
    if (!row || row.kind !== expectedKind) return null;
    const now = this.now().getTime();
    const lastSeen = new Date(row.last_seen_at).getTime();
    if (new Date(row.expires_at).getTime() <= now || now - lastSeen >= this.policy.idleMs) {
      await this.repository.delete(row.id);
      return null;
    }
    return row;
  }

  async end(session: Pick<WebSession, 'id'>): Promise<void> {
    await this.repository.delete(session.id);
  }

  async markRevealed(session: Pick<WebSession, 'id'>, scanId: string, findingId: string): Promise<void> {
    await this.repository.addRevealed(session.id, revealKey(scanId, findingId));
  }
}

export function revealKey(scanId: string, findingId: string): string {
  return `${scanId}/${findingId}`;
}

function toSession(row: WebSessionRow): WebSession {
  return {
    id: row.id,
    kind: row.kind,
    caller:
      row.kind === 'org' ? apiKeyCaller(row.org_id, row.api_key_id) : { orgId: null, actor: LOCAL_UI_ACTOR },
    csrfToken: row.csrf_secret,
    revealed: new Set(row.revealed),
  };
}
