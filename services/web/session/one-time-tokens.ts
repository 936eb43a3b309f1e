import { hashSessionToken, newSecretToken } from './web-sessions.js';

/**
 * The local UI's way in: `exposure-scanner ui` prints a URL carrying a token that opens one session,
 * once. Only the token's hash is held, in this process's memory; a used or stale token is gone.
 */
export class OneTimeTokens {
  readonly #pending = new Map<string, number>();

  constructor(
    private readonly ttlMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  issue(): string {
    const token = newSecretToken();
    this.#pending.set(hashSessionToken(token), this.now() + this.ttlMs);
    return token;
  }

  /** True once for a token this process issued and that has not gone stale; false ever after. */
  redeem(token: string): boolean {
    const hash = hashSessionToken(token);
    const expiresAt = this.#pending.get(hash);
    this.#pending.delete(hash);
    return expiresAt !== undefined && expiresAt > this.now();
  }
}
