import nodemailer, { type Transporter } from 'nodemailer'

/** The SMTP transport from SMTP_URL (pooled), or null when mail stays in the outbox. */
export function createTransportFromEnv(env: { SMTP_URL?: string | undefined } = { SMTP_URL: process.env.SMTP_URL }): Transporter | null {
  if (!env.SMTP_URL) return null
  return nodemailer.createTransport(env.SMTP_URL.includes('pool=') ? env.SMTP_URL : withPool(env.SMTP_URL))
}

function withPool(url: string): string {
  return url + (url.includes('?') ? '&' : '?') + 'pool=true'
}
