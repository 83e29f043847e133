/**
 * The audit: "Anonymous surveys: the '<5' rule can be undone by subtraction. Filter French + ALAC
 * member, cross-tab by region: AFRALO shows 'Oui <5 · Non 5 · Ont répondu 6', so Oui = 1; APRALO
 * shows '0 (0 %)' beside a total of '<5'." Each test below is that attack, run on what the results
 * pages and the export give an analyst: every figure a page shows (a count of 1–4 never is, as "<5"
 * before and as "hidden" now), every line that adds up, and a calculator (tests/helpers/disclosure.ts).
 */
import { parse } from 'csv-parse/sync'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import { type Language, type MemberType, REGION_CODES, type RegionCode } from '#db/domain'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import { languageCookie } from '~/i18n.server'
import { suppressCells } from '~/lib/suppression'
import * as dashboardPage from '~/routes/analysis.surveys.$id._index'
import * as exportRoute from '~/routes/analysis.surveys.$id.export.$format'
import * as staffSurveys from '~/routes/staff.surveys._index'
import * as staffSurvey from '~/routes/staff.surveys.$id'
import * as invited from '~/routes/surveys.$slug_.i.$token'
import { createPerson } from '~/services/people.server'
import { getSurvey, getSurveyBySlug, surveyDefinition } from '~/services/surveys/builder.server'
import type { dashboard } from '~/services/surveys/results.server'
import { surveyTable } from '~/services/surveys/small-groups.server'
import { invitationToken } from '~/services/surveys/tokens.server'

import { seededDb } from './helpers/db'
import { type CheckLine, recomputable, shownBesideHiddenTotal } from './helpers/disclosure'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

type Board = ReturnType<typeof dashboard>
type Group = { region: RegionCode; language: Language; memberType: MemberType }

let db: DB
let staff: string
let analyst: string
let surveyId: number
let useful: { id: number; yes: string; no: string }
let mentor: { id: number; yes: string; no: string }
let word: number
/** What each respondent answered, to know the true figures. */
const answered: (Group & { useful: 'yes' | 'no'; mentor: 'yes' | 'no' | null })[] = []

/** `n` respondents of a group: how many said yes to "Useful?" and, of those asked, to "Mentor?". */
function group(g: Group, n: number, yes: number, mentors: { yes: number; no: number } = { yes: 0, no: 0 }) {
  for (let i = 0; i < n; i++)
    answered.push({
      ...g,
      useful: i < yes ? 'yes' : 'no',
      mentor: i < mentors.yes ? 'yes' : i < mentors.yes + mentors.no ? 'no' : null,
    })
}

beforeAll(async () => {
  db = await seededDb({ participants: 20 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
  const slug = 'subtraction'
  const staffPost = (id: number, fields: Record<string, string>) =>
    run(staffSurvey.action, formRequest(`/staff/surveys/${id}`, fields, { cookie: staff }), { id: String(id) })
  expect(
    statusOf(
      await run(
        staffSurveys.action,
        formRequest(
          '/staff/surveys',
          { title_en: 'After the summit', slug, mode: 'invitation', anonymous: 'on', timeZone: 'UTC' },
          { cookie: staff },
        ),
      ),
    ),
  ).toBe(303)
  surveyId = getSurveyBySlug(db, slug)!.id
  const sectionId = String(surveyDefinition(db, surveyId).sections[0].id)
  const question = { intent: 'question', sectionId, kind: 'single', options: 'Yes | Oui | Sí\nNo | Non | No' }
  await staffPost(surveyId, { ...question, required: 'on', text_en: 'Useful?', text_fr: 'Utile ?' })
  await staffPost(surveyId, { ...question, text_en: 'Would you mentor?', text_fr: 'Seriez-vous mentor ?' })
  await staffPost(surveyId, { intent: 'question', sectionId, kind: 'short_text', text_en: 'One word' })
  const [u, m, w] = surveyDefinition(db, surveyId).questions
  word = w.id
  useful = { id: u.id, yes: u.options![0].value, no: u.options![1].value }
  mentor = { id: m.id, yes: m.options![0].value, no: m.options![1].value }

  // French ALAC members, as in the audit.
  const fr = { language: 'fr', memberType: 'alac_member' } as const
  group({ region: 'AFRALO', ...fr }, 6, 1) // Oui 1 · Non 5 · answered 6
  group({ region: 'APRALO', ...fr }, 3, 3) // Oui 3 · Non 0 · answered 3
  group({ region: 'EURALO', ...fr }, 8, 4, { yes: 3, no: 0 }) // three would mentor, nobody said no
  group({ region: 'LACRALO', ...fr }, 7, 5)
  // Everyone else: English-speaking ALS representatives in every region, and two Spanish speakers.
  for (const region of REGION_CODES)
    group({ region, language: 'en', memberType: 'als_representative' }, 10, 6, { yes: 4, no: 5 })
  group({ region: 'EURALO', language: 'es', memberType: 'als_representative' }, 2, 2)

  const emails = answered.map((a, i) => {
    const email = `respondent${i}@example.net`
    createPerson(db, {
      email,
      name: `Respondent ${i}`,
      passwordHash: null,
      preferredLanguage: a.language,
      timeZone: 'UTC',
      regionCode: a.region,
      memberType: a.memberType,
    })
    return email
  })
  expect(statusOf(await staffPost(surveyId, { intent: 'invite', emails: emails.join('\n') }))).toBe(303)
  const invitations = db.select().from(s.surveyInvitations).where(eq(s.surveyInvitations.surveyId, surveyId)).all()
  for (const [i, email] of emails.entries()) {
    const person = db.select().from(s.people).where(eq(s.people.email, email)).get()!
    const invitation = invitations.find((x) => x.personId === person.id)!
    const token = invitationToken(invitation.id)
    const a = answered[i]
    // Everyone writes a word of their own: a written answer the page lists is found in the file.
    const fields: Record<string, string> = {
      section: '1',
      intent: 'submit',
      [`q${useful.id}`]: useful[a.useful],
      [`q${word}`]: `word${i}`,
    }
    if (a.mentor) fields[`q${mentor.id}`] = mentor[a.mentor]
    const res = await run(
      invited.action,
      formRequest(`/surveys/${slug}/i/${token}`, fields, {
        cookie: (await languageCookie.serialize(a.language)).split(';')[0],
      }),
      { slug, token },
    )
    expect(statusOf(res)).toBe(303)
  }
}, 60_000)

// ─── What the analyst sees ────────────────────────────────────────────────

type Filter = Partial<Record<'region' | 'language' | 'memberType', string>>
const queryOf = (f: Filter, more = '') =>
  `?${new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString()}${more}`

async function page(f: Filter, more = '') {
  const res = await run(
    dashboardPage.loader,
    getRequest(`/analysis/surveys/${surveyId}${queryOf(f, more)}`, { cookie: analyst }),
    { id: String(surveyId) },
  )
  return dataOf<{ board: Board }>(res).board
}

/** A figure as the page shows it: a number, or null when it shows "<5" or "hidden" instead. */
const shownAs = (n: number | null, narrowed: boolean) => (n === null || (narrowed && n > 0 && n < 5) ? null : n)

/** Figures' names: the group (its filter), then what is counted. */
const nameOf = (f: Filter, what: string) => `${f.region ?? '*'}/${f.language ?? '*'}/${f.memberType ?? '*'}:${what}`

/** The figures one page shows about its group: respondents, and each answer to both questions. */
function figuresOf(board: Board, f: Filter, into: Map<string, number | null>) {
  const narrowed = Object.values(f).some(Boolean)
  into.set(nameOf(f, 'respondents'), shownAs(board.respondents, narrowed))
  for (const q of [useful, mentor]) {
    const summary = board.summaries.find((x) => x.id === q.id)
    const options = summary && 'options' in summary ? summary.options : null
    // A page that shows nothing (a group under 5) shows none of its figures.
    into.set(nameOf(f, `q${q.id}`), options ? shownAs(summary!.answered, narrowed) : null)
    for (const v of ['yes', 'no'] as const)
      into.set(
        nameOf(f, `q${q.id}=${v}`),
        options ? shownAs(options.find((o) => o.value === q[v])!.count, narrowed) : null,
      )
  }
}

/** The true figures, from what each respondent answered. */
function truth(f: Filter, what: string): number {
  const inGroup = answered.filter(
    (a) =>
      (!f.region || a.region === f.region) &&
      (!f.language || a.language === f.language) &&
      (!f.memberType || a.memberType === f.memberType),
  )
  if (what === 'respondents' || what === `q${useful.id}`) return inGroup.length
  if (what === `q${mentor.id}`) return inGroup.filter((a) => a.mentor).length
  const [q, v] = what.split('=')
  return inGroup.filter((a) => (q === `q${useful.id}` ? a.useful : a.mentor) === v).length
}

/** The lines: each question's answers add up to those who answered it; groups add up to their parent. */
function linesFor(parent: Filter, part: 'region' | 'language', keys: readonly string[]): CheckLine[] {
  const whats = ['respondents', ...[useful, mentor].flatMap((q) => [`q${q.id}`, `q${q.id}=yes`, `q${q.id}=no`])]
  const groups = [parent, ...keys.map((k) => ({ ...parent, [part]: k }))]
  return [
    ...groups.flatMap((g) =>
      [useful, mentor].map((q) => ({
        members: [nameOf(g, `q${q.id}=yes`), nameOf(g, `q${q.id}=no`)],
        total: nameOf(g, `q${q.id}`),
      })),
    ),
    ...whats.map((w) => ({ members: keys.map((k) => nameOf({ ...parent, [part]: k }, w)), total: nameOf(parent, w) })),
  ]
}

const actualOf = (shown: Map<string, number | null>) =>
  new Map(
    [...shown.keys()].map((k) => {
      const [g, what] = k.split(':')
      const [region, language, memberType] = g.split('/').map((x) => (x === '*' ? undefined : x))
      return [k, truth({ region, language, memberType }, what)]
    }),
  )

/** Hidden figures the analyst can compute from these pages, and small hidden totals shown beside a figure. */
function attack(shown: Map<string, number | null>, lines: CheckLine[]) {
  const found = recomputable(lines, shown)
  return {
    recomputed: Object.fromEntries(found),
    zeroBesideSmallHiddenTotal: shownBesideHiddenTotal(lines, shown, actualOf(shown)).map((l) => l.total),
  }
}

/** Every number a page sends the browser about a narrowed group: a count of 1–4 must not be among them. */
function smallCountsSent(board: Board): number[] {
  const out: number[] = []
  JSON.stringify(board, (key, value) => {
    if (['count', 'total', 'answered', 'respondents'].includes(key) && typeof value === 'number') out.push(value)
    if (key === 'counts' && Array.isArray(value)) out.push(...value.filter((v) => typeof v === 'number'))
    return value
  })
  return out.filter((n) => n > 0 && n < 5)
}

const FRENCH_ALAC: Filter = { language: 'fr', memberType: 'alac_member' }

describe('anonymous survey results cannot be undone by subtraction', () => {
  it('filtered views: no hidden figure can be worked out, within a page or across the pages of every region', async () => {
    const shown = new Map<string, number | null>()
    figuresOf(await page(FRENCH_ALAC), FRENCH_ALAC, shown)
    const sent: Record<string, number[]> = {}
    for (const region of REGION_CODES) {
      const f = { ...FRENCH_ALAC, region }
      const board = await page(f)
      figuresOf(board, f, shown)
      sent[region] = smallCountsSent(board)
    }
    // AFRALO: Oui <5 · Non 5 · answered 6 gave Oui = 1.
    expect(attack(shown, linesFor(FRENCH_ALAC, 'region', REGION_CODES))).toEqual({
      recomputed: {},
      zeroBesideSmallHiddenTotal: [],
    })
    expect(shown.get(nameOf({ ...FRENCH_ALAC, region: 'AFRALO' }, `q${useful.id}=yes`))).toBeNull()
    // What the browser gets: never the number behind a hidden count.
    expect(sent).toEqual(Object.fromEntries(REGION_CODES.map((r) => [r, []])))
  })

  it('a filtered view never shows "0 (0 %)" beside a hidden small total (three would mentor, nobody said no)', async () => {
    const f = { ...FRENCH_ALAC, region: 'EURALO' }
    const board = await page(f)
    const shown = new Map<string, number | null>()
    figuresOf(board, f, shown)
    expect(shown.get(nameOf(f, `q${mentor.id}=no`))).toBeNull()
    expect(attack(shown, linesFor(f, 'region', [])).zeroBesideSmallHiddenTotal).toEqual([])
  })

  it('a cross-tab by region (French ALAC members): rows, columns and totals leave nothing to subtract; a named survey shows all', async () => {
    const board = await page(FRENCH_ALAC, `&cross=${useful.id}&by=region`)
    const cross = board.cross!
    expect(cross.rows.map((r) => r.key)).toEqual([...REGION_CODES])
    // The figures as this one page shows them: the cross-tab, and the question's own figures above it.
    const shown = new Map<string, number | null>()
    const yes = cross.options.findIndex((o) => o.value === useful.yes)
    const no = cross.options.findIndex((o) => o.value === useful.no)
    for (const r of cross.rows) {
      const f = { ...FRENCH_ALAC, region: r.key }
      shown.set(nameOf(f, `q${useful.id}`), shownAs(r.total, true))
      shown.set(nameOf(f, `q${useful.id}=yes`), shownAs(r.counts[yes], true))
      shown.set(nameOf(f, `q${useful.id}=no`), shownAs(r.counts[no], true))
    }
    const summary = board.summaries.find((q) => q.id === useful.id)!
    shown.set(nameOf(FRENCH_ALAC, `q${useful.id}`), shownAs(summary.answered, true))
    for (const v of ['yes', 'no'] as const)
      shown.set(
        nameOf(FRENCH_ALAC, `q${useful.id}=${v}`),
        'options' in summary ? shownAs(summary.options.find((o) => o.value === useful[v])!.count, true) : null,
      )
    // The audit's two rows.
    expect(shown.get(nameOf({ ...FRENCH_ALAC, region: 'AFRALO' }, `q${useful.id}=yes`))).toBeNull()
    expect(shown.get(nameOf({ ...FRENCH_ALAC, region: 'APRALO' }, `q${useful.id}`))).toBeNull()
    const lines = linesFor(FRENCH_ALAC, 'region', REGION_CODES).filter((l) => l.total.includes(`q${useful.id}`))
    expect(attack(shown, lines)).toEqual({ recomputed: {}, zeroBesideSmallHiddenTotal: [] })
    expect(smallCountsSent(board)).toEqual([])
    // The same answers in a named survey: every figure shown.
    db.update(s.surveys).set({ anonymous: false }).where(eq(s.surveys.id, surveyId)).run()
    try {
      const named = (await page(FRENCH_ALAC, `&cross=${useful.id}&by=region`)).cross!
      expect(named.rows.find((r) => r.key === 'AFRALO')!.counts).toEqual([1, 5])
      expect(named.rows.find((r) => r.key === 'APRALO')).toMatchObject({ counts: [3, 0], total: 3 })
    } finally {
      db.update(s.surveys).set({ anonymous: true }).where(eq(s.surveys.id, surveyId)).run()
    }
  })

  it('the export: counting its rows by the region, language or member type it shows gives no figure the pages hide', async () => {
    // The pages: every region, and every region and language, of everyone and of French ALAC members.
    const shown = new Map<string, number | null>()
    const lines: CheckLine[] = []
    for (const base of [{}, FRENCH_ALAC] as Filter[]) {
      figuresOf(await page(base), base, shown)
      lines.push(...linesFor(base, 'region', REGION_CODES))
      for (const region of REGION_CODES) {
        const f = { ...base, region }
        figuresOf(await page(f), f, shown)
        if (!base.language) {
          for (const language of ['en', 'fr', 'es'])
            figuresOf(await page({ ...f, language }), { ...f, language }, shown)
          lines.push(...linesFor(f, 'language', ['en', 'fr', 'es']))
        }
      }
    }
    const hiddenOnPages = new Set([...shown].filter(([, v]) => v === null).map(([k]) => k))
    // The files: everyone's, and French ALAC members' (as the audit filtered).
    const known = new Map(shown)
    for (const base of [{}, FRENCH_ALAC] as Filter[]) {
      const res = (await run(
        exportRoute.loader,
        getRequest(`/analysis/surveys/${surveyId}/export/csv${queryOf(base, '&lang=en')}`, { cookie: analyst }),
        { id: String(surveyId), format: 'csv' },
      )) as Response
      const rows = parse(await res.text(), { columns: true, bom: true }) as Record<string, string>[]
      // A group the file names is named on all its rows (hiding is by group): its rows are all of it.
      const byGroup = new Map<string, Record<string, string>[]>()
      for (const r of rows) {
        const keys: Filter[] = []
        if (r.Region !== '—') keys.push({ ...base, region: r.Region })
        if (r.Region !== '—' && r.Language !== '—') {
          const language = { English: 'en', French: 'fr', Spanish: 'es' }[r.Language] ?? r.Language
          keys.push({ ...base, region: r.Region, language })
        }
        for (const k of keys) {
          const name = nameOf(k, '')
          byGroup.set(name, [...(byGroup.get(name) ?? []), r])
        }
      }
      for (const [name, list] of byGroup) {
        const g = name.slice(0, -1)
        known.set(`${g}:respondents`, list.length)
        known.set(`${g}:q${useful.id}`, list.length)
        for (const [q, header] of [
          [useful, 'Useful?'],
          [mentor, 'Would you mentor?'],
        ] as const) {
          known.set(`${g}:q${q.id}=yes`, list.filter((r) => r[header] === 'Yes').length)
          known.set(`${g}:q${q.id}=no`, list.filter((r) => r[header] === 'No').length)
          if (q === mentor) known.set(`${g}:q${q.id}`, list.filter((r) => r[header] !== '').length)
        }
      }
    }
    // Figures the pages hide that the files give, directly or by subtraction.
    const given = [...known].filter(([k, v]) => v !== null && hiddenOnPages.has(k)).map(([k]) => k)
    const computed = [...recomputable(lines, known).keys()]
    if (process.env.DEBUG)
      console.log(
        [...known]
          .filter(
            ([k]) =>
              k.startsWith('LACRALO') || k.startsWith('NARALO') || k.startsWith('*/es') || k.startsWith('EURALO/es'),
          )
          .map(([k, v]) => `${k}=${v}${hiddenOnPages.has(k) ? ' (page hides)' : ''}`)
          .join('\n'),
      )
    expect([...given, ...computed]).toEqual([])
  })
})

describe('the page’s offer of the file', () => {
  it('offers the file of responses exactly where it has rows, and says why where it has none', async () => {
    for (const f of [{}, FRENCH_ALAC, ...REGION_CODES.map((region) => ({ region }))] as Filter[]) {
      const board = await page(f)
      const res = (await run(
        exportRoute.loader,
        getRequest(`/analysis/surveys/${surveyId}/export/csv${queryOf(f, '&lang=en')}`, { cookie: analyst }),
        { id: String(surveyId), format: 'csv' },
      )) as Response
      const rows = parse(await res.text(), { columns: true, bom: true }) as unknown[]
      expect({ f, offered: board.fileShown }).toEqual({ f, offered: rows.length > 0 })
    }
    // Everyone's file is offered; the audit's filter (French ALAC members) is not.
    expect((await page({})).fileShown).toBe(true)
    expect((await page(FRENCH_ALAC)).fileShown).toBe(false)
  })
})

describe('written answers', () => {
  it('are listed for a filtered group only where its page shows every figure, and with no more background than the file gives', async () => {
    type Texts = {
      texts: { id: number; rows: { value: string; regionCode: string | null; language: string | null }[] }[]
    }
    const load = async (f: Filter) =>
      dataOf<{ board: Board } & Texts>(
        await run(dashboardPage.loader, getRequest(`/analysis/surveys/${surveyId}${queryOf(f)}`, { cookie: analyst }), {
          id: String(surveyId),
        }),
      )
    // French ALAC members of AFRALO: Oui is hidden on their page, so their words must not be listed there
    // (each word is in the file, beside that response's other answers).
    for (const region of REGION_CODES) {
      const d = await load({ ...FRENCH_ALAC, region })
      const listed = d.texts.flatMap((t) => t.rows)
      const somethingHidden =
        d.board.hidden || smallCountsSent(d.board).length > 0 || JSON.stringify(d.board.summaries).includes('null')
      if (somethingHidden) expect(listed, region).toEqual([])
    }
    // Unfiltered, each word's background is no more than the file's row with that word shows.
    const everyone = await load({})
    const res = (await run(
      exportRoute.loader,
      getRequest(`/analysis/surveys/${surveyId}/export/csv?lang=en`, { cookie: analyst }),
      { id: String(surveyId), format: 'csv' },
    )) as Response
    const rows = parse(await res.text(), { columns: true, bom: true }) as Record<string, string>[]
    const listed = everyone.texts.flatMap((t) => t.rows)
    expect(listed.length).toBeGreaterThan(0)
    for (const text of listed) {
      const row = rows.find((r) => r['One word'] === text.value)!
      if (row.Region === '—') expect(text.regionCode, text.value).toBeNull()
      if (row.Language === '—') expect(text.language, text.value).toBeNull()
    }
  })
})

describe('the survey’s whole table (every figure any page or file can show)', () => {
  /** The lines a calculator would use, read back from the table, with equal cells as one-member lines. */
  function linesOf(table: ReturnType<typeof surveyTable>) {
    const { lines, tied } = table
    const out: { cells: number[] }[] = []
    const buffer = new Int32Array(lines.maxCellsPerLine)
    for (let line = 0; line < lines.lineCount; line++) {
      const n = lines.cellsOf(line, buffer)
      out.push({ cells: [...buffer.subarray(0, n)] })
    }
    for (let c = 0; c < tied.length; c++) if (tied[c] !== c) out.push({ cells: [c, tied[c]] })
    return out
  }

  it('its lines are consistent: each cell is on the lines it names, each line’s total is its last cell', () => {
    const survey = getSurvey(db, surveyId)!
    const table = surveyTable(db, survey, surveyDefinition(db, surveyId).questions)
    const { lines } = table
    const ls = new Int32Array(lines.maxLinesPerCell)
    const cs = new Int32Array(lines.maxCellsPerLine)
    const onLines = new Map<number, number[]>()
    for (let c = 0; c < lines.cellCount; c++) {
      const k = lines.linesOf(c, ls)
      for (const line of ls.subarray(0, k)) {
        const n = lines.cellsOf(line, cs)
        expect([...cs.subarray(0, n)]).toContain(c)
        expect(lines.totalOf(line)).toBe(cs[n - 1])
        expect(lines.lengthOf(line)).toBe(n)
        onLines.set(line, [...(onLines.get(line) ?? []), c])
      }
    }
    for (let line = 0; line < lines.lineCount; line++) {
      const n = lines.cellsOf(line, cs)
      expect([...cs.subarray(0, n)].sort((a, b) => a - b)).toEqual((onLines.get(line) ?? []).sort((a, b) => a - b))
    }
  })

  it('no hidden figure can be worked out from the shown ones along any of its lines', () => {
    const survey = getSurvey(db, surveyId)!
    const table = surveyTable(db, survey, surveyDefinition(db, surveyId).questions)
    const hidden = suppressCells(table)
    const { values, frozen } = table
    // What the reader has: every shown figure, and the figures known anyway (everyone's, empty groups).
    const known = new Uint8Array(values.length)
    for (let c = 0; c < values.length; c++) known[c] = !hidden[c] || frozen[c] ? 1 : 0
    const all = linesOf(table)
    const found: number[] = []
    for (let changed = true; changed;) {
      changed = false
      for (const { cells } of all) {
        const unknown = cells.filter((c) => !known[c])
        // One unknown figure: worked out. A zero in a line whose total is a known zero is known too.
        const total = cells[cells.length - 1]
        const zeros = known[total] && values[total] === 0 ? unknown.filter((c) => c !== total) : []
        for (const c of unknown.length === 1 ? unknown : zeros) {
          known[c] = 1
          if (values[c] !== 0 || unknown.length === 1) found.push(c)
          changed = true
        }
      }
    }
    // Zeros under a known zero are not news; anything else is.
    expect(found.filter((c) => values[c] !== 0)).toEqual([])
    // Every small count about a narrowed group is hidden.
    for (let c = 0; c < values.length; c++)
      if (values[c] > 0 && values[c] < 5 && table.narrowed[c]) expect(hidden[c], `cell ${c}`).toBe(1)
  })
})
