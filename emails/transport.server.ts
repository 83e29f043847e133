import nodemailer, { type Transporter } from 'nodemailer'

import { config, type DkimConfig } from '~/config.server'

/**
 * The headers every signature covers (those present in a message): who it is from and to,
 * what it is, and the one-click unsubscribe headers that Gmail and Yahoo require signed.
 */
export const DKIM_SIGNED_HEADERS = [
  'From',
  'Sender',
  'Reply-To',
  'To',
  'Cc',
  'Subject',
  'Date',
  'Message-ID',
  'In-Reply-To',
  'References',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
  'List-Id',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
].join(':')

/**
 * The SMTP transport from SMTP_URL (pooled), or null when mail stays in the outbox. With a
 * DKIM key, nodemailer signs every message it sends, the pre-encoded newsletters too.
 */
export function createTransportFromEnv(
  env: { SMTP_URL?: string | undefined; dkim?: DkimConfig | null } = {
    SMTP_URL: config().smtpUrl,
    dkim: config().dkim,
  },
): Transporter | null {
  if (!env.SMTP_URL) return null
  const url = env.SMTP_URL.includes('pool=') ? env.SMTP_URL : withPool(env.SMTP_URL)
  if (!env.dkim) return nodemailer.createTransport(url)
  return nodemailer.createTransport({ url, dkim: { ...env.dkim, headerFieldNames: DKIM_SIGNED_HEADERS } })
}

function withPool(url: string): string {
  return url + (url.includes('?') ? '&' : '?') + 'pool=true'
}
