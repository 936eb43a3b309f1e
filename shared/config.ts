import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Every setting, read from the environment once and validated. A bad value stops start-up with one
 * line naming the variable (ConfigError); nothing reads process.env anywhere else.
 */
const base64Key = z
  .string()
  .refine((value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32, {
    message: 'must be 32 bytes encoded in base64 (generate one with: openssl rand -base64 32)',
  });

const urlWithProtocols = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

/**
 * `false` (default: the socket's address is the client's), `true` (believe every proxy: only when the
 * API is reachable through the proxy alone), a number of proxy hops, or a comma-separated list of the
 * proxies' addresses or CIDR ranges.
 */
const trustProxySchema = z
  .string()
  .trim()
  .transform((value, ctx): boolean | number | string[] => {
    if (value === 'true') return true;
    if (value === 'false') return false;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    if (entries.every((entry) => /^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(entry) && entry.length > 1))
      return entries;
    ctx.addIssue({
      code: 'custom',
      message:
        'must be true, false, a number of proxy hops, or a comma-separated list of addresses or CIDR ranges',
    });
    return z.NEVER;
  });

export type TrustProxy = boolean | number | string[];

const envSchema = z.object({
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:']).optional(),
  /** The schema's owner, for `migrate` and `audit verify`; DATABASE_URL is then a role that may only append to the audit log. */
  DATABASE_OWNER_URL: urlWithProtocols(['postgres:', 'postgresql:']).optional(),
  EXPOSURE_DATA_DIR: z.string().min(1).optional(),
  REDIS_URL: urlWithProtocols(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  EXPOSURE_MASTER_KEY: base64Key.optional(),
  /**
   * Master keys EXPOSURE_MASTER_KEY replaced, comma-separated: data keys still wrapped under them open
   * until `keys rotate` has re-wrapped every one under EXPOSURE_MASTER_KEY.
   */
  EXPOSURE_PREVIOUS_MASTER_KEYS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((key) => key.trim())
        .filter((key) => key !== ''),
    )
    .pipe(z.array(base64Key))
    .optional(),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be an integer')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  EXPOSURE_PROXY: urlWithProtocols(['http:', 'https:', 'socks5:', 'socks5h:']).optional(),
  BROWSER_EXECUTABLE_PATH: z.string().min(1).optional(),
  EXPOSURE_SOURCE_OVERRIDES: z.string().min(1).optional(),
  EXPOSURE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  EXPOSURE_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]+$/, 'may hold letters, digits, "_", "-" and a {hash-tag}')
    .default('exposure'),
  /** How long a worker's hold on a job lasts without renewal: a dead worker's jobs return to the queue after it. */
  EXPOSURE_JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  EXPOSURE_STORAGE_WAIT_MS: z.coerce.number().int().min(0).max(3_600_000).default(300_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Which proxies in front of the API to believe about the client's address (Fastify's trustProxy). */
  EXPOSURE_TRUST_PROXY: trustProxySchema.default(false),
  /** Requests per minute per API key, counted in Redis across every API instance. */
  EXPOSURE_RATE_LIMIT_PER_KEY: z.coerce.number().int().min(1).max(100_000).default(300),
  /** Requests per minute per client address for everything not sent with a key (pages, sign-in, unknown paths). */
  EXPOSURE_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(300),
  /** Failed authentications per client address in 15 minutes before that address is blocked. */
  EXPOSURE_AUTH_FAILURES: z.coerce.number().int().min(1).max(10_000).default(10),
  /** The first block after too many failed authentications; each further block in a day doubles it (at most a day). */
  EXPOSURE_AUTH_BLOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** How long a client may take to send its whole request (headers and body) before it is cut off. */
  EXPOSURE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** How long a PostgreSQL connection may take to open, and a statement to run, before the caller gets 503. */
  EXPOSURE_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(3_000),
  EXPOSURE_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  databaseUrl: string | undefined;
  /** Unset: DATABASE_URL migrates too (one role, as in local mode and simple setups). */
  databaseOwnerUrl: string | undefined;
  dataDir: string;
  redisUrl: string;
  masterKey: string | undefined;
  /** Earlier master keys, still accepted for opening data keys during a rotation. */
  previousMasterKeys: string[];
  port: number;
  host: string;
  proxy: string | undefined;
  browserExecutablePath: string | undefined;
  sourceOverridesFile: string | undefined;
  retentionDays: number;
  queuePrefix: string;
  jobLockMs: number;
  /** How long, in total, a job waits for the database or Redis before its attempts count. */
  storageWaitMs: number;
  logLevel: Env['LOG_LEVEL'];
  trustProxy: TrustProxy;
  rateLimits: RateLimitSettings;
  requestTimeoutMs: number;
  dbConnectTimeoutMs: number;
  dbStatementTimeoutMs: number;
}

/** The API's request limits (services/api/plugins/rate-limit.plugin.ts). */
export interface RateLimitSettings {
  perKeyPerMinute: number;
  perAddressPerMinute: number;
  authFailures: number;
  authBlockSeconds: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Blank variables count as unset, so `FOO=` in a compose file does not trip validation. */
function withoutBlanks(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]?.trim()),
  );
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(withoutBlanks(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid setting ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const dataHome = env.XDG_DATA_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.local', 'share');
  return {
    databaseUrl: e.DATABASE_URL,
    databaseOwnerUrl: e.DATABASE_OWNER_URL,
    dataDir: e.EXPOSURE_DATA_DIR ?? join(dataHome, 'exposure-scanner'),
    redisUrl: e.REDIS_URL,
    masterKey: e.EXPOSURE_MASTER_KEY,
    previousMasterKeys: e.EXPOSURE_PREVIOUS_MASTER_KEYS ?? [],
    port: e.PORT,
    host: e.HOST,
    proxy: e.EXPOSURE_PROXY,
    browserExecutablePath: e.BROWSER_EXECUTABLE_PATH,
    sourceOverridesFile: e.EXPOSURE_SOURCE_OVERRIDES,
    retentionDays: e.EXPOSURE_RETENTION_DAYS,
    queuePrefix: e.EXPOSURE_QUEUE_PREFIX,
    jobLockMs: e.EXPOSURE_JOB_LOCK_MS,
    storageWaitMs: e.EXPOSURE_STORAGE_WAIT_MS,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.EXPOSURE_TRUST_PROXY,
    rateLimits: {
      perKeyPerMinute: e.EXPOSURE_RATE_LIMIT_PER_KEY,
      perAddressPerMinute: e.EXPOSURE_RATE_LIMIT_PER_ADDRESS,
      authFailures: e.EXPOSURE_AUTH_FAILURES,
      authBlockSeconds: e.EXPOSURE_AUTH_BLOCK_SECONDS,
    },
    requestTimeoutMs: e.EXPOSURE_REQUEST_TIMEOUT_MS,
    dbConnectTimeoutMs: e.EXPOSURE_DB_CONNECT_TIMEOUT_MS,
    dbStatementTimeoutMs: e.EXPOSURE_DB_STATEMENT_TIMEOUT_MS,
  };
}

/** Service mode cannot run without a master key: identifiers would have nothing to be sealed with. */
export function requireMasterKey(config: Config): string {
  if (!config.masterKey) {
    throw new ConfigError(
      'invalid setting EXPOSURE_MASTER_KEY: required in service mode (generate one with: openssl rand -base64 32)',
    );
  }
  return config.masterKey;
}
