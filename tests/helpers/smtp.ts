/** A real SMTP server on 127.0.0.1 that parses what it receives with mailparser. */
import type { AddressInfo } from 'node:net'

import { type ParsedMail, simpleParser } from 'mailparser'
import nodemailer from 'nodemailer'
import { SMTPServer } from 'smtp-server'

export type SmtpBehaviour = {
  /** Return an SMTP error for this recipient (e.g. 451 temporary, 550 permanent), or nothing to accept. */
  reject?: (recipient: string) => { code: number; message: string } | undefined
}

export async function startSmtp(behaviour: SmtpBehaviour = {}) {
  const messages: ParsedMail[] = []
  /** Each message's bytes as received, in the same order as `messages` (for signature checks). */
  const raw: Buffer[] = []
  /** Each message's envelope sender (MAIL FROM), in the same order. */
  const senders: string[] = []
  const state = { behaviour }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const verdict = state.behaviour.reject?.(address.address)
      if (verdict) {
        const error = new Error(verdict.message) as Error & { responseCode: number }
        error.responseCode = verdict.code
        return callback(error)
      }
      callback()
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('error', callback)
      stream.on('end', () => {
        const bytes = Buffer.concat(chunks)
        simpleParser(bytes)
          .then((parsed) => {
            messages.push(parsed)
            raw.push(bytes)
            senders.push(_session.envelope.mailFrom ? _session.envelope.mailFrom.address : '')
            callback()
          })
          .catch(callback)
      })
    },
  })
  // A client killed mid-session (the crash test) resets its connection; that is expected here.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') console.error('[smtp]', error)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  const url = `smtp://127.0.0.1:${port}`
  return {
    url,
    port,
    messages,
    raw,
    senders,
    setBehaviour(b: SmtpBehaviour) {
      state.behaviour = b
    },
    transport: () => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
