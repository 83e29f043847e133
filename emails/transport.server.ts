import nodemailer, { type Transporter } from 'nodemailer'

import { config } from '~/config.server'

/** The SMTP transport from SMTP_URL (pooled), or null when mail stays in the outbox. */
export function createTransportFromEnv(
  env: { SMTP_URL?: string | undefined } = { SMTP_URL: config().smtpUrl },
): Transporter | null {
  if (!env.SMTP_URL) return null
  return nodemailer.createTransport(env.SMTP_URL.includes('pool=') ? env.SMTP_URL : withPool(env.SMTP_URL))
}

function withPool(url: string): string {
  return url + (url.includes('?') ? '&' : '?') + 'pool=true'
}
