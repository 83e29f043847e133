/**
 * Every environment variable the program reads, validated in one place. A value
 * that cannot be used (a port that is not a number, an APP_URL that is not an
 * http(s) address) stops the server at start with one line naming the variable,
 * instead of failing later in a request. The README's configuration table lists
 * the same variables.
 */
import { createPrivateKey } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { z } from 'zod'

const int = (fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: 'a whole number' })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((v) => v ?? fallback)

const flag = z
  .string()
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'on')

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))

const EnvSchema = z.object({
  NODE_ENV: z
    .string()
    .optional()
    .transform((v) => v ?? 'development'),
  PORT: int(3000, { max: 65535 }),
  HOST: optionalText.transform((v) => v ?? '0.0.0.0'),
  DATABASE_PATH: optionalText.transform((v) => v ?? path.resolve('data', 'app.db')),
  /** Milliseconds a write request waits (without holding the server) for another process's lock before 503. */
  DB_BUSY_TIMEOUT_MS: int(1000, { max: 60_000 }),
  SESSION_SECRET: optionalText,
  APP_URL: optionalText.pipe(
    z
      .string()
      .url({ error: 'an http:// or https:// address, e.g. https://atlarge.example.org' })
      .refine((v) => /^https?:\/\//i.test(v), { error: 'an http:// or https:// address' })
      .optional(),
  ),
  SMTP_URL: optionalText,
  /** DKIM signing of every mail: the signing domain, the selector and a PEM private key file (all three or none). */
  DKIM_DOMAIN: optionalText,
  DKIM_SELECTOR: optionalText,
  DKIM_PRIVATE_KEY_FILE: optionalText,
  /** The domain of VERP return paths (bounces+<token>@BOUNCE_DOMAIN); unset: the From address. */
  BOUNCE_DOMAIN: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z0-9.-]+$/i, { error: 'a domain name, e.g. bounces.example.org' })
      .optional(),
  ),
  /** Shared secret of the mail-events webhook (HMAC-SHA256 of "<timestamp>.<body>"); unset: the webhook is off. */
  MAIL_WEBHOOK_SECRET: optionalText,
  /** Port of the inbound SMTP listener for bounces and complaints (0: off). */
  BOUNCE_SMTP_PORT: int(0, { max: 65535 }),
  MAIL_FROM: optionalText.transform((v) => v ?? 'At-Large Program <no-reply@example.org>'),
  TRUST_PROXY: optionalText,
  INSECURE_COOKIES: flag,
  /** A public demo server on https: keep the demo accounts and their documented password. */
  ALLOW_DEMO_ACCOUNTS: flag,
  PAGE_CACHE_SECONDS: int(5, { max: 3600 }),
  WORKER: optionalText,
  WORKER_INTERVAL_MS: int(2000, { min: 10, max: 600_000 }),
  NEWSLETTER_RATE_PER_SECOND: int(200),
  NEWSLETTER_CONCURRENCY: int(10, { min: 1, max: 1000 }),
  NEWSLETTER_BATCH_SIZE: int(500, { min: 1, max: 100_000 }),
  NEWSLETTER_LOCK_MS: int(120_000, { min: 1000 }),
  NEWSLETTER_BUDGET_MS: int(10_000, { min: 100 }),
  BACKUP_DIR: optionalText,
  BACKUP_KEEP: int(14, { min: 1, max: 3650 }),
  /** Hours between automatic backups (0: none). */
  BACKUP_EVERY_HOURS: int(24, { max: 24 * 365 }),
  /** /healthz answers 503 when mail that is due has waited longer than this many seconds (with SMTP_URL set). */
  HEALTH_OUTBOX_MAX_AGE_S: int(600, { min: 10, max: 7 * 86400 }),
  /** /healthz answers 503 when the database's disk has less free space than this (megabytes). */
  HEALTH_MIN_FREE_MB: int(50, { max: 1_000_000 }),
  /** Days after an event ends before its travel details, passport names and phone numbers are erased. */
  RETENTION_DAYS: int(180, { min: 1, max: 3650 }),
})

export type Config = ReturnType<typeof toConfig>

/**
 * The DKIM key and names when all three variables are set; throws ConfigError when only
 * some are, or the key is unusable.
 */
function dkimConfig(env: z.infer<typeof EnvSchema>) {
  const given = [env.DKIM_DOMAIN, env.DKIM_SELECTOR, env.DKIM_PRIVATE_KEY_FILE]
  if (given.every((v) => !v)) return null
  if (given.some((v) => !v))
    throw new ConfigError('DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE must be set together (or none of them)')
  if (!/^[a-z0-9.-]+$/i.test(env.DKIM_DOMAIN!) || !/^[a-z0-9._-]+$/i.test(env.DKIM_SELECTOR!))
    throw new ConfigError(
      'DKIM_DOMAIN and DKIM_SELECTOR must be a domain name and a selector, e.g. example.org and atlarge1',
    )
  let privateKey: string
  try {
    privateKey = fs.readFileSync(env.DKIM_PRIVATE_KEY_FILE!, 'utf8')
    createPrivateKey(privateKey)
  } catch {
    throw new ConfigError(
      'DKIM_PRIVATE_KEY_FILE must be a readable PEM private key file (npm run dkim:keygen makes one)',
    )
  }
  return { domainName: env.DKIM_DOMAIN!.toLowerCase(), keySelector: env.DKIM_SELECTOR!, privateKey }
}

export type DkimConfig = NonNullable<ReturnType<typeof dkimConfig>>

function toConfig(env: z.infer<typeof EnvSchema>) {
  const production = env.NODE_ENV === 'production'
  const appUrl = env.APP_URL ? new URL(env.APP_URL) : undefined
  // Links in mail, calendar files and pages are built from this, never from request headers.
  const origin = appUrl ? appUrl.origin : `http://localhost:${env.PORT}`
  const basePath = appUrl ? appUrl.pathname.replace(/\/+$/, '') : ''
  return {
    production,
    port: env.PORT,
    host: env.HOST,
    databasePath: env.DATABASE_PATH,
    busyTimeoutMs: env.DB_BUSY_TIMEOUT_MS,
    sessionSecret: env.SESSION_SECRET,
    /** The public base URL (origin plus any path), without a trailing slash. */
    baseUrl: origin + basePath,
    origin,
    appUrlSet: Boolean(appUrl),
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    dkim: dkimConfig(env),
    bounceDomain: env.BOUNCE_DOMAIN?.toLowerCase() ?? null,
    bounceSmtpPort: env.BOUNCE_SMTP_PORT,
    mailWebhookSecret: env.MAIL_WEBHOOK_SECRET ?? null,
    trustProxy: env.TRUST_PROXY,
    secureCookies: production && !env.INSECURE_COOKIES,
    allowDemoAccounts: env.ALLOW_DEMO_ACCOUNTS,
    retentionDays: env.RETENTION_DAYS,
    health: { outboxMaxAgeSeconds: env.HEALTH_OUTBOX_MAX_AGE_S, minFreeBytes: env.HEALTH_MIN_FREE_MB * 1024 * 1024 },
    pageCacheSeconds: env.PAGE_CACHE_SECONDS,
    worker: env.WORKER !== 'off',
    workerIntervalMs: env.WORKER_INTERVAL_MS,
    newsletter: {
      ratePerSecond: env.NEWSLETTER_RATE_PER_SECOND,
      concurrency: env.NEWSLETTER_CONCURRENCY,
      batchSize: env.NEWSLETTER_BATCH_SIZE,
      lockMs: env.NEWSLETTER_LOCK_MS,
      budgetMs: env.NEWSLETTER_BUDGET_MS,
    },
    backup: {
      dir: env.BACKUP_DIR ?? path.join(path.dirname(path.resolve(env.DATABASE_PATH)), 'backups'),
      keep: env.BACKUP_KEEP,
      everyHours: env.BACKUP_EVERY_HOURS,
    },
  }
}

export class ConfigError extends Error {}

/** Parses an environment (process.env by default); throws ConfigError naming each bad variable. */
export function readConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')} must be ${i.message}`)
    throw new ConfigError(lines.join('; '))
  }
  return toConfig(parsed.data)
}

let cached: { source: string; config: Config } | undefined

/** The process's configuration, read from process.env (re-read when it changes, as tests may). */
export function config(): Config {
  const key = CONFIG_KEYS.map((k) => process.env[k] ?? '').join('\u0000')
  if (!cached || cached.source !== key) cached = { source: key, config: readConfig() }
  return cached.config
}

const CONFIG_KEYS = Object.keys(EnvSchema.shape)
