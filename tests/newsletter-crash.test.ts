import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { eq } from 'drizzle-orm'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { openDatabase } from '#db/client'
import * as s from '#db/schema'
import { NEWSLETTER } from '#db/seed-data'
import { saveAudience } from '~/services/newsletters/audiences.server'
import { saveNewsletter, startSending } from '~/services/newsletters/newsletter.server'

import { startSmtp } from './helpers/smtp'
import { createPeople, createWebinar } from './helpers/webinar'

const RECIPIENTS = 600
let smtp: Awaited<ReturnType<typeof startSmtp>>
let dir: string

beforeAll(async () => {
  smtp = await startSmtp()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsletter-crash-'))
})
afterAll(async () => {
  await smtp.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

function startWorker(file: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/helpers/newsletter-worker.ts', file, String(smtp.port)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited }
}

async function waitFor(condition: () => boolean, timeoutMs: number) {
  const until = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

const recipient = (m: ParsedMail) => (m.to && 'text' in m.to ? m.to.text : '')

describe('a newsletter dispatcher killed mid-send', () => {
  it('resumes after SIGKILL twice: every reader gets the issue, nobody gets a second, different copy', async () => {
    const file = path.join(dir, 'crash.db')
    const db = openDatabase(file)
    createWebinar(db)
    const languages = ['en', 'fr', 'es'] as const
    const zones = ['Australia/Sydney', 'Europe/Paris', 'America/Argentina/Buenos_Aires']
    languages.forEach((language, i) =>
      createPeople(db, RECIPIENTS / 3, { language, timeZone: zones[i], prefix: `crash-${language}-` }),
    )
    const staffId = createPeople(db, 1, { prefix: 'staff-' })[0]
    const audienceId = saveAudience(
      db,
      { name: 'Everyone but staff', criteria: { languages: ['en', 'fr', 'es'] } },
      { actorId: staffId },
    )
    db.update(s.people).set({ newsletterOptOutAt: new Date() }).where(eq(s.people.id, staffId)).run()
    const saved = saveNewsletter(
      db,
      {
        id: null,
        newsletter: {
          slug: 'crash',
          audienceId,
          versions: Object.fromEntries(
            languages.map((l) => [
              l,
              { subject: NEWSLETTER[l].subject, preheader: '', bodyMarkdown: NEWSLETTER[l].body, complete: true },
            ]),
          ),
        },
      },
      { actorId: staffId },
    )
    if (!saved.ok) throw new Error(saved.error)
    expect(startSending(db, saved.id, staffId)).toEqual({ ok: true, queued: RECIPIENTS })
    db.$client.close()

    // Kill the dispatcher at two points while it is sending, then let a third finish.
    const killedAt: number[] = []
    for (const fraction of [0.2, 0.6]) {
      const worker = startWorker(file)
      await waitFor(() => smtp.messages.length >= RECIPIENTS * fraction, 60_000)
      worker.child.kill('SIGKILL')
      await worker.exited
      killedAt.push(smtp.messages.length)
    }
    const last = startWorker(file)
    expect(await last.exited).toBe(0)

    const perRecipient = new Map<string, ParsedMail[]>()
    for (const m of smtp.messages) perRecipient.set(recipient(m), [...(perRecipient.get(recipient(m)) ?? []), m])
    // Nobody skipped.
    expect(perRecipient.size).toBe(RECIPIENTS)
    // One issue per reader: any repeat is the very same message (same Message-ID), sent again only
    // because the kill fell between the server's acceptance and our record of it.
    const repeats = [...perRecipient.values()].filter((list) => list.length > 1)
    for (const list of repeats) expect(new Set(list.map((m) => m.messageId)).size).toBe(1)
    expect(repeats.length).toBeLessThanOrEqual(2 * 10) // at most the messages in flight at each kill
    console.info(
      `[crash test] killed after ${killedAt.join(' and ')} messages; ${smtp.messages.length} received for ${RECIPIENTS} readers; repeats of an in-flight message: ${repeats.length}`,
    )

    const check = openDatabase(file)
    const rows = check
      .select({ status: s.deliveries.status, messageId: s.deliveries.messageId })
      .from(s.deliveries)
      .all()
    expect(rows).toHaveLength(RECIPIENTS)
    expect(rows.every((r) => r.status === 'sent')).toBe(true)
    expect(check.select().from(s.newsletters).get()!.status).toBe('sent')
    check.$client.close()
  }, 120_000)
})
