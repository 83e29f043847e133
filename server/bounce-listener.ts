/**
 * The inbound SMTP listener for late bounces and complaints (BOUNCE_SMTP_PORT, off by
 * default): it accepts mail only for return paths of ours (`bounces+<token>@BOUNCE_DOMAIN`
 * with a valid signature), up to 2 MB, and records what each report says. Anything else is
 * refused at RCPT; a report it cannot read is logged and dropped. Nothing a sender does
 * stops the listener.
 */
import type { AddressInfo } from 'node:net'

import { SMTPServer } from 'smtp-server'

import type { DB } from '#db/client'
import { parseReturnPath, receiveReport } from '~/services/mail-events.server'

const MAX_BYTES = 2 * 1024 * 1024

export async function startBounceListener(
  db: DB,
  {
    port,
    host,
    domain,
    log = console.error,
  }: { port: number; host: string; domain: string; log?: (line: string) => void },
) {
  const server = new SMTPServer({
    name: domain,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_BYTES,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (parseReturnPath(address.address, domain)) return callback()
      const error = new Error('No such recipient here') as Error & { responseCode: number }
      error.responseCode = 550
      callback(error)
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      let size = 0
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size <= MAX_BYTES) chunks.push(chunk)
      })
      stream.on('error', (error) => {
        log(`[bounces] reading a report failed: ${error.message}`)
        callback(error)
      })
      stream.on('end', () => {
        if (size > MAX_BYTES || (stream as { sizeExceeded?: boolean }).sizeExceeded) {
          const error = new Error('Report too large') as Error & { responseCode: number }
          error.responseCode = 552
          return callback(error)
        }
        const raw = Buffer.concat(chunks)
        Promise.all(session.envelope.rcptTo.map((r) => receiveReport(db, { rcptTo: r.address, raw })))
          .then((counts) => {
            if (counts.every((n) => n === 0))
              log(`[bounces] a report for ${session.envelope.rcptTo.length} address(es) said nothing we record`)
            callback()
          })
          .catch((error: Error) => {
            // A report we cannot read is logged and accepted, so the sender does not retry it forever.
            log(`[bounces] a report could not be read: ${error.message}`)
            callback()
          })
      })
    },
  })
  server.on('error', (error) => log(`[bounces] ${error.message}`))
  await new Promise<void>((resolve) => server.listen(port, host, resolve))
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
