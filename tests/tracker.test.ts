import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import { getDb } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as tracker from '~/routes/analysis.tracker'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

type Overview = {
  canEdit: boolean
  items: {
    number: number
    title: { text: string }
    percentComplete: number
    milestones: {
      id: number
      label: string
      overdue: boolean
      percentComplete: number
      notes: { text: string; language: string }
    }[]
  }[]
  history: { field: string; oldValue: string; newValue: string; by: string; itemNumber: number; label: string }[]
}

let staff: string
let analyst: string
let participant: string

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  await seededDb({ participants: 5 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
  participant = await cookieFor(DEMO_ACCOUNTS.participant)
})

function milestone(view: Overview, item: number, label: string) {
  return view.items.find((i) => i.number === item)!.milestones.find((m) => m.label === label)!
}

describe('implementation tracker', () => {
  it('shows Table 1 in the analyst’s French, with overdue milestones marked', async () => {
    const view = dataOf<Overview>(await run(tracker.loader, getRequest('/analysis/tracker', { cookie: analyst })))
    expect(view.canEdit).toBe(false)
    expect(view.items.map((i) => [i.number, i.title.text])).toEqual([
      [2, 'Engagement et critères des membres'],
      [16, 'Indicateurs'],
    ])
    expect(milestone(view, 2, 'a')).toMatchObject({ percentComplete: 100, overdue: false })
    expect(milestone(view, 2, 'b')).toMatchObject({ percentComplete: 70, overdue: true })
    expect(milestone(view, 2, 'b-1').overdue).toBe(true)
    expect(milestone(view, 16, 'a')).toMatchObject({ percentComplete: 35, overdue: false }) // no date set
    expect(milestone(view, 16, 'a').notes).toEqual({
      text: "En cours mais toujours reporté en raison du déploiement de l'outil CRM (dépendance externe envers l'organisation ICANN).",
      language: 'fr',
    })
    expect(view.items[1].percentComplete).toBe(67) // (35 + 98) / 2
  })

  it('lets staff move a milestone, keeping each change with who and when; others cannot', async () => {
    const view = dataOf<Overview>(await run(tracker.loader, getRequest('/analysis/tracker', { cookie: staff })))
    expect(view.canEdit).toBe(true)
    const id = milestone(view, 16, 'a').id
    const fields = {
      milestoneId: String(id),
      percentComplete: '50',
      proposedEndDate: '2021-06-30',
      notes: 'CRM roll-out started',
    }
    expect(statusOf(await run(tracker.action, formRequest('/analysis/tracker', fields, { cookie: analyst })))).toBe(403)
    expect(
      statusOf(
        await run(
          tracker.action,
          formRequest('/analysis/tracker', { ...fields, percentComplete: '150' }, { cookie: staff }),
        ),
      ),
    ).toBe(400)
    expect(getDb().select().from(s.reviewMilestones).where(eq(s.reviewMilestones.id, id)).get()!.percentComplete).toBe(
      35,
    )

    const res = (await run(tracker.action, formRequest('/analysis/tracker', fields, { cookie: staff }))) as Response
    expect(res.status).toBe(303)
    const after = dataOf<Overview>(await run(tracker.loader, getRequest('/analysis/tracker', { cookie: analyst })))
    // Past its new end date, but held over by the CRM roll-out: held over, not overdue.
    expect(milestone(after, 16, 'a')).toMatchObject({ percentComplete: 50, overdue: false })
    const moved = after.history.filter((h) => h.itemNumber === 16 && h.label === 'a')
    expect(moved.map((h) => [h.field, h.oldValue, h.newValue]).sort()).toEqual([
      [
        'notes',
        'Underway but still held over because of the CRM tool roll-out (external dependency on ICANN org).',
        'CRM roll-out started',
      ],
      ['percent_complete', '35', '50'],
      ['proposed_end_date', null, '2021-06-30'],
    ])
    expect(moved.every((h) => h.by === 'Silvia Staff')).toBe(true)
    // Saving the same values again adds nothing to the history.
    await run(tracker.action, formRequest('/analysis/tracker', fields, { cookie: staff }))
    const again = dataOf<Overview>(await run(tracker.loader, getRequest('/analysis/tracker', { cookie: analyst })))
    expect(again.history).toHaveLength(3)
    // An earlier "since" that excludes today shows nothing.
    const future = dataOf<Overview>(
      await run(tracker.loader, getRequest('/analysis/tracker?since=2099-01-01', { cookie: analyst })),
    )
    expect(future.history).toEqual([])
    // Lifting the hold (the field left empty) makes it overdue, and the history says so.
    await run(tracker.action, formRequest('/analysis/tracker', { ...fields, heldOverBy: '' }, { cookie: staff }))
    const lifted = dataOf<Overview>(await run(tracker.loader, getRequest('/analysis/tracker', { cookie: analyst })))
    expect(milestone(lifted, 16, 'a').overdue).toBe(true)
    expect(lifted.history.filter((h) => h.field === 'held_over').map((h) => [h.oldValue, h.newValue])).toEqual([
      ['CRM tool roll-out by ICANN org', null],
    ])
  })

  it('keeps notes per language: a note written in French does not replace the English one', async () => {
    const db = getDb()
    // Milestone 16 a, moved to 50% by staff writing in English.
    const view = dataOf<Overview>(await run(tracker.loader, getRequest('/analysis/tracker', { cookie: staff })))
    const english = {
      milestoneId: String(milestone(view, 16, 'a').id),
      percentComplete: '50',
      proposedEndDate: '2021-06-30',
      notes: 'CRM roll-out started',
    }
    await run(tracker.action, formRequest('/analysis/tracker', english, { cookie: staff }))
    const row = db
      .select()
      .from(s.reviewMilestones)
      .where(eq(s.reviewMilestones.label, 'a'))
      .all()
      .find((m) => m.percentComplete === 50)!
    db.update(s.people).set({ preferredLanguage: 'fr' }).where(eq(s.people.email, DEMO_ACCOUNTS.staff)).run()
    await run(
      tracker.action,
      formRequest(
        '/analysis/tracker',
        {
          milestoneId: String(row.id),
          percentComplete: '50',
          proposedEndDate: '2021-06-30',
          notes: 'Déploiement du CRM commencé',
        },
        { cookie: staff },
      ),
    )
    expect(db.select().from(s.reviewMilestones).where(eq(s.reviewMilestones.id, row.id)).get()!.notes).toMatchObject({
      en: 'CRM roll-out started',
      fr: 'Déploiement du CRM commencé',
    })
    const fr = dataOf<Overview>(await run(tracker.loader, getRequest('/analysis/tracker', { cookie: analyst })))
    expect(milestone(fr, 16, 'a').notes).toEqual({ text: 'Déploiement du CRM commencé', language: 'fr' })
  })

  it('is closed to participants', async () => {
    expect(statusOf(await run(tracker.loader, getRequest('/analysis/tracker', { cookie: participant })))).toBe(403)
  })
})
