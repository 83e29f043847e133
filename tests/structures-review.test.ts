import { and, eq, gte, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as page from '~/routes/staff.structures.review'
import * as confirm from '~/routes/structures.confirm.$token'
import { expectationsReview } from '~/services/structures/review.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

let db: DB
let staff: string
// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 120 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
})

const yearAgo = (now: Date) => {
  const d = new Date(now)
  d.setUTCMonth(d.getUTCMonth() - 12)
  return d
}

describe('the expectations review', () => {
  it('counts each accredited structure’s meetings and surveys exactly as a hand count of the participation records', () => {
    const now = new Date()
    const review = expectationsReview(db, { now })
    expect(review.expectations.map((e) => e.kind)).toEqual(['meetings', 'survey', 'confirmed'])
    expect(review.rows.length).toBeGreaterThan(8)
    for (const row of review.rows) {
      for (const [kind, recordKind] of [
        ['meetings', 'working_group_meeting_attended'],
        ['survey', 'survey_completed'],
      ] as const) {
        const hand = db
          .select({ n: sql<number>`count(*)` })
          .from(s.participationRecords)
          .where(
            and(
              eq(s.participationRecords.structureId, row.id),
              eq(s.participationRecords.kind, recordKind),
              gte(s.participationRecords.occurredAt, yearAgo(now)),
            ),
          )
          .get()!.n
        const result = row.results.find((r) => r.kind === kind)!
        expect(result.value, `${row.name} ${kind}`).toBe(hand)
        expect(result.met).toBe(hand >= (kind === 'meetings' ? 3 : 1))
      }
      expect(row.below).toBe(row.results.some((r) => !r.met))
    }
    // Details count as confirmed from the latest of the contact's confirmation and the accreditation.
    for (const row of review.rows) {
      const structure = db.select().from(s.structures).where(eq(s.structures.id, row.id)).get()!
      const accredited = db
        .select()
        .from(s.accreditationHistory)
        .where(and(eq(s.accreditationHistory.structureId, row.id), eq(s.accreditationHistory.step, 'accredited')))
        .all()
        .map((h) => h.changedAt.getTime())
      const latest = Math.max(structure.detailsConfirmedAt?.getTime() ?? 0, ...accredited)
      expect(row.results.find((x) => x.kind === 'confirmed')!.met, row.name).toBe(latest >= yearAgo(now).getTime())
    }
  })

  it('does not flag every structure of the demo: answers to surveys count for their structure, some confirmed lately', () => {
    const review = expectationsReview(db)
    expect(review.rows.some((r) => !r.below)).toBe(true)
    expect(review.rows.some((r) => r.results.find((x) => x.kind === 'survey')!.met)).toBe(true)
    expect(review.rows.some((r) => r.results.find((x) => x.kind === 'confirmed')!.met)).toBe(true)
    // Still some to review: the demo keeps quiet structures.
    expect(review.rows.some((r) => r.below)).toBe(true)
  })

  it('staff change a threshold and open reviews for the structures that fall short; contacts are mailed', async () => {
    const meetings = db
      .select()
      .from(s.accreditationExpectations)
      .where(eq(s.accreditationExpectations.kind, 'meetings'))
      .get()!
    const bad = await run(
      page.action,
      formRequest(
        '/staff/structures/review',
        { intent: 'expectation', id: String(meetings.id), threshold: '0', months: '12', active: 'yes' },
        { cookie: staff },
      ),
    )
    expect(statusOf(bad)).toBe(400)
    const saved = await run(
      page.action,
      formRequest(
        '/staff/structures/review',
        { intent: 'expectation', id: String(meetings.id), threshold: '5', months: '6', active: 'yes' },
        { cookie: staff },
      ),
    )
    expect(statusOf(saved)).toBe(303)
    expect(
      db.select().from(s.accreditationExpectations).where(eq(s.accreditationExpectations.id, meetings.id)).get(),
    ).toMatchObject({ threshold: 5, months: 6 })

    type Page = Awaited<ReturnType<typeof page.loader>>
    const below = dataOf<Page>(
      await run(page.loader, getRequest('/staff/structures/review?below=1', { cookie: staff })),
    )
    expect(below.rows.length).toBe(below.belowCount)
    const targets = below.rows.filter((r) => r.status === 'accredited').slice(0, 2)
    const none = await run(
      page.action,
      formRequest('/staff/structures/review', { intent: 'openReviews' }, { cookie: staff }),
    )
    expect(statusOf(none)).toBe(400)
    const body = new URLSearchParams([['intent', 'openReviews'], ...targets.map((t) => ['structureId', String(t.id)])])
    const opened = await run(
      page.action,
      new Request('http://localhost/staff/structures/review', {
        method: 'POST',
        body,
        headers: { Cookie: staff, 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
    )
    expect(statusOf(opened)).toBe(303)
    for (const t of targets) {
      expect(db.select().from(s.structures).where(eq(s.structures.id, t.id)).get()!.accreditationStatus).toBe(
        'under_review',
      )
    }
    const mails = db.select().from(s.outbox).where(eq(s.outbox.kind, 'accreditation_review_opened')).all()
    expect(mails.length).toBeGreaterThan(0)
  })
})

/** Staff raise the meetings threshold and open reviews for two accredited structures that fall short. */
async function openTwoReviews() {
  const meetings = db
    .select()
    .from(s.accreditationExpectations)
    .where(eq(s.accreditationExpectations.kind, 'meetings'))
    .get()!
  await run(
    page.action,
    formRequest(
      '/staff/structures/review',
      { intent: 'expectation', id: String(meetings.id), threshold: '5', months: '6', active: 'yes' },
      { cookie: staff },
    ),
  )
  const below = dataOf<Awaited<ReturnType<typeof page.loader>>>(
    await run(page.loader, getRequest('/staff/structures/review?below=1', { cookie: staff })),
  )
  const targets = below.rows.filter((r) => r.status === 'accredited').slice(0, 2)
  const body = new URLSearchParams([['intent', 'openReviews'], ...targets.map((t) => ['structureId', String(t.id)])])
  await run(
    page.action,
    new Request('http://localhost/staff/structures/review', {
      method: 'POST',
      body,
      headers: { Cookie: staff, 'Content-Type': 'application/x-www-form-urlencoded' },
    }),
  )
}

describe('confirming details from the review mail', () => {
  beforeEach(async () => {
    await openTwoReviews()
  })

  it('a single-use link, no sign-in: reading does not spend it, confirming meets the expectation, a second use is refused', async () => {
    const mail = db.select().from(s.outbox).where(eq(s.outbox.kind, 'accreditation_review_opened')).all()[0]
    const token = mail.text.match(/\/structures\/confirm\/([\w-]+)/)![1]
    const structureId = Number(mail.uniqueKey.split(':')[1])
    const args = (method: 'GET' | 'POST', body?: Record<string, string>) => ({
      request: new Request(`http://localhost/structures/confirm/${token}`, {
        method,
        ...(body ? { body: new URLSearchParams(body) } : {}),
      }),
      params: { token },
      context: {},
    })
    const shown = await confirm.loader(args('GET'))
    expect(statusOf(shown)).toBe(200)
    expect(dataOf<{ name: string }>(shown).name).toBe(
      db.select().from(s.structures).where(eq(s.structures.id, structureId)).get()!.name,
    )
    // Reading twice spends nothing.
    expect(statusOf(await confirm.loader(args('GET')))).toBe(200)
    const done = await confirm.action(args('POST', { activity: 'Two workshops and a statement on DNS abuse.' }))
    expect(statusOf(done)).toBe(200)
    const structure = db.select().from(s.structures).where(eq(s.structures.id, structureId)).get()!
    expect(structure.detailsConfirmedAt).not.toBeNull()
    const row = expectationsReview(db).rows.find((r) => r.id === structureId)!
    expect(row.results.find((r) => r.kind === 'confirmed')!.met).toBe(true)
    expect(statusOf(await confirm.action(args('POST', { activity: 'again' })))).toBe(410)
    expect(statusOf(await confirm.loader(args('GET')))).toBe(410)
    const wrong = await confirm.loader({
      request: new Request('http://localhost/structures/confirm/nope'),
      params: { token: 'nope' },
      context: {},
    })
    expect(statusOf(wrong)).toBe(404)
  })
})
