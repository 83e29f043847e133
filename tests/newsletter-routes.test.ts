import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import { DRAFT_NEWSLETTER, NEWSLETTER } from '#db/seed-data'
import * as unsubscribe from '~/routes/newsletter.unsubscribe.$token'
import * as archiveIndex from '~/routes/newsletters._index'
import * as archiveRedirect from '~/routes/newsletters.$slug._index'
import * as archivePage from '~/routes/newsletters.$slug.$lang'
import * as manage from '~/routes/staff.newsletters.$id'
import * as readerPreview from '~/routes/staff.newsletters.$id.preview'
import * as audiencesPage from '~/routes/staff.newsletters.audiences'
import * as create from '~/routes/staff.newsletters.new'
import * as livePreview from '~/routes/staff.newsletters.preview'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

let db: DB
let staff: string
let analyst: string
let participant: string

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 40 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
  participant = await cookieFor(DEMO_ACCOUNTS.participant)
})

const issueForm = (over: Record<string, string> = {}) => ({
  intent: 'save',
  slug: '',
  audienceId: String(db.select().from(s.audiences).where(eq(s.audiences.name, 'All members')).get()!.id),
  subject_en: 'Webinar season',
  preheader_en: 'Three webinars',
  body_en: '# Coming up\n\n{{upcoming-webinars}}\n',
  complete_en: 'on',
  subject_fr: 'Saison des webinaires',
  preheader_fr: '',
  body_fr: '# À venir\n\n{{upcoming-webinars}}\n',
  complete_fr: 'on',
  subject_es: '',
  preheader_es: '',
  body_es: '',
  ...over,
})

function createIssue(over: Record<string, string> = {}) {
  return run(create.action, formRequest('/staff/newsletters/new', issueForm(over), { cookie: staff }))
}

describe('writing an issue', () => {
  it('saves three versions and goes to the issue page', async () => {
    const res = (await createIssue({ slug: 'webinar-season' })) as Response
    expect(res.status).toBe(303)
    const id = Number(res.headers.get('Location')!.split('/').pop())
    const versions = db.select().from(s.newsletterVersions).where(eq(s.newsletterVersions.newsletterId, id)).all()
    expect(versions.map((v) => [v.language, v.complete]).sort()).toEqual([
      ['en', true],
      ['fr', true],
    ])
  })

  it('rejects a subject with a line break (header injection) and keeps what was typed', async () => {
    const result = await createIssue({ subject_en: 'Hello\r\nBcc: everyone@example.net', body_en: 'Keep me' })
    expect(statusOf(result)).toBe(400)
    const d = dataOf<{ errors: Record<string, string[]>; values: Record<string, string> }>(result)
    expect(d.errors.subject_en).toEqual(['errors.newsletter.lineBreak'])
    expect(d.values.body_en).toBe('Keep me')
  })

  it('asks for an English subject, and for text in a version marked complete', async () => {
    const d = dataOf<{ errors: Record<string, string[]> }>(await createIssue({ subject_en: '', complete_es: 'on' }))
    expect(d.errors.subject_en).toEqual(['errors.field.required'])
    expect(d.errors.body_es).toEqual(['errors.newsletter.completeNeedsText'])
  })

  it('refuses a web address another issue uses', async () => {
    const result = await createIssue({ slug: NEWSLETTER.slug })
    expect(statusOf(result)).toBe(409)
    expect(dataOf<{ errors: Record<string, string[]> }>(result).errors.slug).toEqual(['errors.newsletter.slugTaken'])
  })

  it('shows a live preview of unsaved text, sanitised, with the blocks filled', async () => {
    const res = await run(
      livePreview.action,
      formRequest(
        '/staff/newsletters/preview',
        {
          ...issueForm({ body_fr: '# Bonjour <script>alert(1)</script>\n\n{{upcoming-webinars}}' }),
          previewLanguage: 'fr',
        },
        { cookie: staff },
      ),
    )
    const html = dataOf<{ html: string }>(res).html
    expect(html).toContain('<html lang="fr">')
    expect(html).toContain('Prochains webinaires')
    expect(html).toContain('1838')
    expect(html).not.toContain('<script')
    expect(
      statusOf(
        await run(livePreview.action, formRequest('/staff/newsletters/preview', issueForm(), { cookie: analyst })),
      ),
    ).toBe(403)
  })
})

describe('sending from the issue page', () => {
  let id: number
  let here: string
  beforeEach(async () => {
    const res = (await createIssue({ slug: `send-${Math.random().toString(36).slice(2, 8)}` })) as Response
    id = Number(res.headers.get('Location')!.split('/').pop())
    here = `/staff/newsletters/${id}`
  })
  const post = (fields: Record<string, string>, cookie = staff) =>
    run(manage.action, formRequest(here, fields, { cookie }), { id: String(id) })

  it('shows the audience count with who is left out before sending', async () => {
    const d = dataOf<{
      reach: { counts: { recipients: number; unsubscribed: number; bounced: number } }
      problem: string | null
    }>(await run(manage.loader, getRequest(here, { cookie: staff }), { id: String(id) }))
    const people = db.select().from(s.people).all()
    expect(d.reach.counts.recipients).toBe(
      people.filter((p) => !p.newsletterOptOutAt && !p.emailBouncedAt && !p.deactivatedAt && !p.erasedAt).length,
    )
    expect(d.problem).toBeNull()
  })

  it('needs the confirmation box, then queues one delivery per recipient and locks the text', async () => {
    expect(statusOf(await post({ intent: 'send' }))).toBe(400)
    expect(db.select().from(s.deliveries).where(eq(s.deliveries.newsletterId, id)).all()).toHaveLength(0)
    expect(statusOf(await post({ intent: 'send', confirm: 'yes' }))).toBe(303)
    const queued = db.select().from(s.deliveries).where(eq(s.deliveries.newsletterId, id)).all()
    expect(queued.length).toBeGreaterThan(10)
    expect(new Set(queued.map((d) => d.personId)).size).toBe(queued.length)
    // Sending twice adds nobody; editing is refused.
    expect(statusOf(await post({ intent: 'send', confirm: 'yes' }))).toBe(409)
    const edit = await post(issueForm({ subject_en: 'Changed' }))
    expect(statusOf(edit)).toBe(409)
    expect(db.select().from(s.deliveries).where(eq(s.deliveries.newsletterId, id)).all()).toHaveLength(queued.length)
    // The progress view and the pause button.
    const d = dataOf<{ progress: { totals: { queued: number } }; deliveries: { total: number } }>(
      await run(manage.loader, getRequest(here, { cookie: staff }), { id: String(id) }),
    )
    expect(d.progress.totals.queued).toBe(queued.length)
    expect(d.deliveries.total).toBe(queued.length)
    expect(statusOf(await post({ intent: 'pause' }))).toBe(303)
    expect(db.select().from(s.newsletters).where(eq(s.newsletters.id, id)).get()!.status).toBe('paused')
    expect(statusOf(await post({ intent: 'pause' }))).toBe(409)
    expect(statusOf(await post({ intent: 'resume' }))).toBe(303)
  })

  it('sends a test copy to the staff member through the outbox', async () => {
    expect(statusOf(await post({ intent: 'test', testLanguage: 'fr' }))).toBe(303)
    const mail = db.select().from(s.outbox).where(eq(s.outbox.kind, 'newsletter_test')).all().at(-1)!
    expect(mail.toAddress).toBe(DEMO_ACCOUNTS.staff)
    expect(mail.subject).toBe('[TEST] Saison des webinaires')
  })

  it('schedules in the future only', async () => {
    const res = await post({ intent: 'schedule', date: '2001-01-01', time: '10:00', timeZone: 'Europe/Paris' })
    expect(statusOf(res)).toBe(409)
    expect(dataOf<{ errors: Record<string, string[]> }>(res).errors.schedule).toEqual(['errors.newsletter.pastTime'])
    expect(
      statusOf(await post({ intent: 'schedule', date: '2099-01-01', time: '10:00', timeZone: 'Nowhere/City' })),
    ).toBe(400)
    expect(
      statusOf(await post({ intent: 'schedule', date: '2099-01-01', time: '10:00', timeZone: 'Europe/Paris' })),
    ).toBe(303)
    const row = db.select().from(s.newsletters).where(eq(s.newsletters.id, id)).get()!
    expect(row.status).toBe('scheduled')
    expect(row.scheduledAt!.toISOString()).toBe('2099-01-01T09:00:00.000Z')
    expect(statusOf(await post({ intent: 'unschedule' }))).toBe(303)
  })

  it('is for staff only', async () => {
    expect(statusOf(await post({ intent: 'send', confirm: 'yes' }, analyst))).toBe(403)
    expect(statusOf(await post({ intent: 'send', confirm: 'yes' }, participant))).toBe(403)
    expect(statusOf(await run(manage.loader, getRequest(here, { cookie: analyst }), { id: String(id) }))).toBe(403)
  })

  it('previews the mail as a given reader: their language and channel', async () => {
    const reader = db.select().from(s.people).where(eq(s.people.preferredLanguage, 'fr')).get()!
    const res = (await run(
      readerPreview.loader,
      getRequest(`${here}/preview?email=${encodeURIComponent(reader.email)}`, { cookie: staff }),
      { id: String(id) },
    )) as Response
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'")
    const html = await res.text()
    expect(html).toContain('Saison des webinaires')
    expect(html).toContain(reader.timeZone)
    const unknown = (await run(
      readerPreview.loader,
      getRequest(`${here}/preview?email=nobody%40example.com`, { cookie: staff }),
      { id: String(id) },
    )) as Response
    expect(unknown.status).toBe(404)
  })

  it('says above the preview when the reader chose the digest, and so will not get this issue by itself', async () => {
    const reader = db.select().from(s.people).where(eq(s.people.preferredLanguage, 'es')).get()!
    db.update(s.people).set({ newsletterDigestSince: new Date() }).where(eq(s.people.id, reader.id)).run()
    const html = await (
      (await run(
        readerPreview.loader,
        getRequest(`${here}/preview?email=${encodeURIComponent(reader.email)}`, { cookie: staff }),
        { id: String(id) },
      )) as Response
    ).text()
    expect(html).toContain(`${reader.email} chose the monthly digest`)
    expect(html.indexOf('chose the monthly digest')).toBeLessThan(html.indexOf('</body>'))
  })
})

describe('audiences', () => {
  it('counts before saving, then saves', async () => {
    const count = await run(
      audiencesPage.action,
      formRequest(
        '/staff/newsletters/audiences',
        { intent: 'count', name: '', regionCodes: 'AFRALO' },
        { cookie: staff },
      ),
    )
    const counts = dataOf<{ counts: { recipients: number } }>(count).counts
    const afralo = db
      .select()
      .from(s.people)
      .where(eq(s.people.regionCode, 'AFRALO'))
      .all()
      .filter((p) => !p.newsletterOptOutAt && !p.emailBouncedAt)
    expect(counts.recipients).toBe(afralo.length)
    const saved = await run(
      audiencesPage.action,
      formRequest(
        '/staff/newsletters/audiences',
        { intent: 'save', name: 'Africa', regionCodes: 'AFRALO' },
        { cookie: staff },
      ),
    )
    expect(statusOf(saved)).toBe(303)
    expect(db.select().from(s.audiences).where(eq(s.audiences.name, 'Africa')).get()!.criteria).toEqual({
      regionCodes: ['AFRALO'],
    })
  })

  it('rejects an unknown region and a missing name', async () => {
    const res = await run(
      audiencesPage.action,
      formRequest('/staff/newsletters/audiences', { intent: 'save', name: '', regionCodes: 'MARS' }, { cookie: staff }),
    )
    expect(statusOf(res)).toBe(400)
    expect(Object.keys(dataOf<{ errors: Record<string, string[]> }>(res).errors).sort()).toEqual([
      'name',
      'regionCodes',
    ])
  })
})

describe('the public archive', () => {
  it('lists the sent issue with its three languages, not drafts', async () => {
    const d = dataOf<{ list: { slug: string; versions: { language: string }[] }[] }>(
      await run(archiveIndex.loader, getRequest('/newsletters')),
    )
    expect(d.list.map((i) => i.slug)).toContain(NEWSLETTER.slug)
    expect(d.list.map((i) => i.slug)).not.toContain(DRAFT_NEWSLETTER.slug)
    expect(
      d.list
        .find((i) => i.slug === NEWSLETTER.slug)!
        .versions.map((v) => v.language)
        .sort(),
    ).toEqual(['en', 'es', 'fr'])
  })

  it('shows each language, with the schedule as it stood when the issue went out', async () => {
    for (const language of ['en', 'fr', 'es'] as const) {
      const d = dataOf<{ subject: string; html: string }>(
        await run(archivePage.loader, getRequest(`/newsletters/${NEWSLETTER.slug}/${language}`), {
          slug: NEWSLETTER.slug,
          lang: language,
        }),
      )
      expect(d.subject).toBe(NEWSLETTER[language].subject)
      // Sent on 8 May 2014: the next webinar was the sixth, "Security and Stability", with this language's channel.
      expect(d.html).toContain({ en: '1638', es: '1738', fr: '1838' }[language])
      expect(d.html).toContain('atlas-ii-security-and-stability')
      expect(d.html).not.toContain('dns-abuse-for-end-users') // webinars years later are not "upcoming" in 2014
      expect(d.html).not.toMatch(/<h1/)
    }
    const draft = await run(archivePage.loader, getRequest(`/newsletters/${DRAFT_NEWSLETTER.slug}/en`), {
      slug: DRAFT_NEWSLETTER.slug,
      lang: 'en',
    })
    expect(statusOf(draft)).toBe(404)
    expect(
      statusOf(
        await run(archivePage.loader, getRequest(`/newsletters/${NEWSLETTER.slug}/de`), {
          slug: NEWSLETTER.slug,
          lang: 'de',
        }),
      ),
    ).toBe(404)
    const go = (await run(
      archiveRedirect.loader,
      getRequest(`/newsletters/${NEWSLETTER.slug}`, { headers: { 'Accept-Language': 'es' } }),
      { slug: NEWSLETTER.slug },
    )) as Response
    expect(go.headers.get('Location')).toBe(`/newsletters/${NEWSLETTER.slug}/es`)
  })
})

describe('unsubscribing', () => {
  const someone = () => db.select().from(s.people).where(eq(s.people.preferredLanguage, 'es')).get()!

  it('works in one click from the mail client (RFC 8058 POST, no sign-in) and can be undone', async () => {
    const person = someone()
    const path = `/newsletter/unsubscribe/${person.unsubscribeToken}`
    // Opening the page changes nothing.
    const page = dataOf<{ subscribed: boolean; language: string }>(
      await run(unsubscribe.loader, getRequest(path), { token: person.unsubscribeToken! }),
    )
    expect(page).toMatchObject({ subscribed: true, language: 'es' })
    const oneClick = (await run(unsubscribe.action, formRequest(path, { 'List-Unsubscribe': 'One-Click' }), {
      token: person.unsubscribeToken!,
    })) as Response
    expect(oneClick.status).toBe(200)
    expect(db.select().from(s.people).where(eq(s.people.id, person.id)).get()!.newsletterOptOutAt).not.toBeNull()
    const again = (await run(unsubscribe.action, formRequest(path, { intent: 'resubscribe' }), {
      token: person.unsubscribeToken!,
    })) as Response
    expect(again.status).toBe(303)
    expect(again.headers.get('Location')).toBe(`${path}?done=resubscribed`)
    expect(db.select().from(s.people).where(eq(s.people.id, person.id)).get()!.newsletterOptOutAt).toBeNull()
  })

  it('answers 404 to an unknown token and 400 to a POST that asks for nothing', async () => {
    expect(statusOf(await run(unsubscribe.loader, getRequest('/newsletter/unsubscribe/nope'), { token: 'nope' }))).toBe(
      404,
    )
    expect(
      statusOf(
        await run(unsubscribe.action, formRequest('/newsletter/unsubscribe/x', { 'List-Unsubscribe': 'One-Click' }), {
          token: 'x'.repeat(43),
        }),
      ),
    ).toBe(404)
    const token = someone().unsubscribeToken!
    expect(
      statusOf(await run(unsubscribe.action, formRequest(`/newsletter/unsubscribe/${token}`, {}), { token })),
    ).toBe(400)
  })
})
