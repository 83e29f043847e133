import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import { NEWSLETTER } from '#db/seed-data'
import { chooseVersion, renderContent, renderNewsletterMail } from '#emails/newsletter'
import { glossaryMarker, glossSegments, markGlossaryHtml } from '~/lib/glossary'
import { markdownToSafeHtml } from '~/lib/markdown.server'
import * as publicPage from '~/routes/glossary'
import * as staffPage from '~/routes/staff.glossary'
import { glossaryFor } from '~/services/glossary.server'
import { loadBlockData, versionTexts } from '~/services/newsletters/rendering.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

let db: DB
let staff: string
// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 5 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
})

const terms = [
  { term: 'ALAC', expansion: 'At-Large Advisory Committee' },
  { term: 'RALO', expansion: 'Regional "At-Large" <Organization>' },
  { term: 'gTLD', expansion: 'generic Top-Level Domain' },
]

describe('marking glossary terms', () => {
  it('marks the first occurrence of each term only, as a whole word, never in links, code or attributes', () => {
    const html = markdownToSafeHtml(
      [
        'The [ALAC page](https://example.org/ALAC) and `ALAC` in code.',
        '',
        'Then ALAC advises; ALAC again. LACRALO is not RALO, and new gTLDs are not a gTLD.',
      ].join('\n'),
      glossaryMarker(terms),
    )
    expect(html).toContain('<a href="https://example.org/ALAC">ALAC page</a>')
    expect(html).toContain('<code>ALAC</code>')
    expect(html).toContain('Then <abbr title="At-Large Advisory Committee">ALAC</abbr> advises; ALAC again.')
    // The expansion is escaped in its attribute; LACRALO and gTLDs are other words.
    expect(html).toContain(
      'LACRALO is not <abbr title="Regional &quot;At-Large&quot; &lt;Organization&gt;">RALO</abbr>, and new gTLDs are not a <abbr title="generic Top-Level Domain">gTLD</abbr>.',
    )
    expect(html.match(/<abbr/g)).toHaveLength(3)
  })

  it('shares one marker across the parts of a document, and keeps the sanitiser in charge', () => {
    const marker = glossaryMarker(terms)
    expect(markdownToSafeHtml('ALAC first.', marker)).toContain('<abbr')
    expect(markdownToSafeHtml('ALAC second <script>alert(1)</script>', marker)).toBe('<p>ALAC second </p>\n')
    expect(markGlossaryHtml('<p onclick="x">RALO</p>', glossaryMarker(terms))).toContain('<abbr')
    expect(glossSegments('RALO and RALO', glossaryMarker(terms))).toEqual([
      { text: 'RALO', expansion: terms[1].expansion },
      { text: ' and RALO' },
    ])
  })

  it('marks the seed newsletter for each reader in their language, once per term', () => {
    const newsletter = db.select().from(s.newsletters).where(eq(s.newsletters.slug, NEWSLETTER.slug)).get()!
    const versions = versionTexts(
      db.select().from(s.newsletterVersions).where(eq(s.newsletterVersions.newsletterId, newsletter.id)).all(),
    )
    const blocks = loadBlockData(db, newsletter.sendStartedAt!)
    const spanish = renderContent(
      chooseVersion(versions, 'es')!.version,
      blocks,
      { language: 'es', timeZone: 'UTC' },
      'http://app.test',
    )
    expect(spanish.html).toContain('<abbr title="Comité Asesor At-Large">ALAC</abbr>')
    expect(spanish.html.match(/<abbr title="[^"]*">ALAC<\/abbr>/g)).toHaveLength(1)
    const french = renderContent(
      chooseVersion(versions, 'fr')!.version,
      blocks,
      { language: 'fr', timeZone: 'UTC' },
      'http://app.test',
    )
    expect(french.html).toContain('<abbr title="Comité consultatif At-Large">ALAC</abbr>')
    // The plain-text part stays plain.
    const frenchMail = renderNewsletterMail({
      chosen: chooseVersion(versions, 'fr')!,
      reader: { language: 'fr', timeZone: 'UTC' },
      blocks,
      links: { unsubscribeUrl: 'http://app.test/u', archiveUrl: 'http://app.test/a' },
      baseUrl: 'http://app.test',
    })
    expect(frenchMail.text).toContain('ALAC')
    expect(frenchMail.text).not.toContain('<abbr')
  })
})

describe('the glossary pages', () => {
  it('lists and searches the terms in the reader’s language, accents and case ignored, in any language', async () => {
    const all = dataOf<{ terms: { term: string }[] }>(await run(publicPage.loader, getRequest('/glossary')))
    expect(all.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['ALAC', 'gTLD', 'WHOIS', 'ARIWG', 'OEC']))
    const french = await cookieFor(DEMO_ACCOUNTS.analyst)
    const found = dataOf<{ terms: { term: string; expansion: string }[] }>(
      await run(
        publicPage.loader,
        getRequest(`/glossary?q=${encodeURIComponent('COMITE ASESOR')}`, { cookie: french }),
      ),
    )
    // A Spanish phrase finds the terms; the page shows them in French.
    expect(found.terms.map((t) => t.term).sort()).toEqual(['ALAC', 'SSAC'])
    expect(found.terms.find((t) => t.term === 'ALAC')!.expansion).toBe('Comité consultatif At-Large')
    const none = dataOf<{ terms: unknown[] }>(await run(publicPage.loader, getRequest('/glossary?q=zzzz')))
    expect(none.terms).toEqual([])
  })

  it('lets staff add, edit and delete terms, with translated errors and nothing stored on error', async () => {
    const form = (fields: Record<string, string>, cookie = staff) =>
      run(staffPage.action, formRequest('/staff/glossary', fields, { cookie }))
    const fields = {
      term: 'OFB-WG',
      expansion_en: 'Operations, Finance and Budget Working Group',
      expansion_fr: '',
      expansion_es: 'Grupo de Trabajo de Operaciones, Finanzas y Presupuesto',
      definition_en: 'Prepares the At-Large comments on ICANN’s budget.',
      definition_fr: '',
      definition_es: 'Prepara los comentarios de At-Large sobre el presupuesto de la ICANN.',
    }
    const before = db.select().from(s.glossaryTerms).all().length
    expect(statusOf(await form({ ...fields, expansion_en: '' }))).toBe(400)
    const taken = await form({ ...fields, term: 'alac' })
    expect(statusOf(taken)).toBe(409)
    expect(dataOf<{ errors: { term: string[] } }>(taken).errors.term).toEqual(['glossary:staff.termTaken'])
    expect(db.select().from(s.glossaryTerms).all()).toHaveLength(before)
    expect(statusOf(await form(fields, await cookieFor(DEMO_ACCOUNTS.participant)))).toBe(403)

    expect(statusOf(await form(fields))).toBe(303)
    const row = db.select().from(s.glossaryTerms).where(eq(s.glossaryTerms.term, 'OFB-WG')).get()!
    // French falls back to English where it is missing.
    expect(glossaryFor(db, 'fr').find((t) => t.term === 'OFB-WG')!.expansion).toBe(fields.expansion_en)
    expect(statusOf(await form({ ...fields, id: String(row.id), expansion_fr: 'Groupe de travail OFB' }))).toBe(303)
    expect(glossaryFor(db, 'fr').find((t) => t.term === 'OFB-WG')!.expansion).toBe('Groupe de travail OFB')
    expect(statusOf(await form({ intent: 'delete', id: String(row.id) }))).toBe(303)
    expect(db.select().from(s.glossaryTerms).where(eq(s.glossaryTerms.id, row.id)).get()).toBeUndefined()
    expect(statusOf(await form({ intent: 'delete', id: String(row.id) }))).toBe(404)
  })
})
