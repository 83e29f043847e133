/**
 * An SMTP sink for the newsletter benchmark, in its own process so it does not
 * compete with the sender for the event loop. Counts messages per recipient;
 * the parent asks for the counts and resets them over IPC.
 */
import type { AddressInfo } from 'node:net'

import { SMTPServer } from 'smtp-server'

const counts = new Map<string, number>()
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, session, callback) {
    stream.on('data', () => {})
    stream.on('end', () => {
      for (const r of session.envelope.rcptTo) counts.set(r.address, (counts.get(r.address) ?? 0) + 1)
      callback()
    })
  },
})
server.on('error', () => {})
server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.server.address() as AddressInfo).port })
})
process.on('message', (message: { type: 'counts' | 'reset' | 'stop' }) => {
  if (message.type === 'counts') process.send!({ counts: Object.fromEntries(counts) })
  if (message.type === 'reset') {
    counts.clear()
    process.send!({ reset: true })
  }
  if (message.type === 'stop') server.close(() => process.exit(0))
})
