/**
 * Which figures of an anonymous survey to hide, decided once for every page and file of it (decision
 * 008's "<5" rule, with complementary suppression: `~/lib/suppression`).
 *
 * Every count the results pages and the file of responses can show is a cell of one table:
 * respondents, and each counted question's figures, per snapshot group (region, language, member
 * type: each one known, or everyone) and per answer filter (none, or one answer to a choice question).
 * A filtered page is a slice of it; a cross-tab by region, language or member type is a plane; a
 * cross-tab by another choice question is the question under each answer of that one.
 *
 * Lines, the sums a reader can use: groups add up to everyone along each snapshot part (people with no
 * region count only in "everyone": more is hidden than strictly needed); a question's options add up to
 * those who answered it (with several answers allowed they add up to more, so only a bound follows —
 * "answered − the options shown" — and hiding two options keeps it from pinning either); a Likert
 * statement's cells add up to its answers; the NPS parts to theirs. Ties, the same figure reached two
 * ways (hidden together): a group's respondents and a required question's "answered"; the respondents
 * under an answer filter, that option's count and a required question's "answered" there; q by p and
 * p by q.
 *
 * Not a line: the sum over one question's answers (for a required single-choice question, the pages
 * filtered by each of its answers add up to the unfiltered one). Tied in, it made the pages hide far
 * too much wherever a question follows a snapshot part — the language a summit was followed in hid
 * the number of English, French and Spanish speakers. Each of those pages is protected and agrees with
 * the others; a cross-tab by that question covers its own columns (results.server.ts).
 *
 * Suppressing the one table rather than each page is what stops subtraction across pages: the region
 * filters one by one are the rows of the cross-tab by region, and they hide the same cells. The marks
 * are kept per survey until its next submission.
 */
import { and, eq, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { LANGUAGES, MEMBER_TYPES, REGION_CODES } from '#db/domain'
import { people, surveyAnswerCounts, surveyInvitations, surveyPairCounts, surveyResponses } from '#db/schema'
import { loopInSlices, runSliced, runToEnd } from '~/lib/slices'
import { type LineSpace, suppressionSteps } from '~/lib/suppression'

import type { Question, Survey } from './builder.server'

type Reader = Pick<DB, 'select' | 'all'>

/** A view's coordinates: snapshot parts (null = everyone) and the answer filter. */
export type Slice = {
  regionCode: string | null
  language: string | null
  memberType: string | null
  answer: { questionId: number; value: string } | null
}

const PARTS = [REGION_CODES, LANGUAGES, MEMBER_TYPES] as readonly (readonly string[])[]
const SIZES = PARTS.map((p) => p.length + 1)
const SNAPSHOTS = SIZES[0] * SIZES[1] * SIZES[2]
const snapshot = (r: number, l: number, m: number) => (r * SIZES[1] + l) * SIZES[2] + m
/** The snapshot coordinate of everyone. */
const EVERYONE = snapshot(SIZES[0] - 1, SIZES[1] - 1, SIZES[2] - 1)
const STRIDES = [SIZES[1] * SIZES[2], SIZES[2], 1]

/** Snapshot coordinates a count of (region, language, member type) adds to: itself and every coarser group. */
function coarser(codes: [string, string, string]): number[] {
  const options = codes.map((code, d) => {
    const i = PARTS[d].indexOf(code)
    return i >= 0 ? [i, SIZES[d] - 1] : [SIZES[d] - 1]
  })
  const out: number[] = []
  for (const r of options[0]) for (const l of options[1]) for (const m of options[2]) out.push(snapshot(r, l, m))
  return out
}

const isChoice = (q: Question) => q.kind === 'single' || q.kind === 'multiple'
const isCounted = (q: Question) => q.kind !== 'short_text' && q.kind !== 'long_text'

/** A question's columns: which figures of it the pages show, and which add up to which. */
type Layout = {
  question: Question
  offset: number
  columns: Map<string, number>
  /** Column lines: members add up to the total (column indexes). */
  groups: { members: number[]; total: number }[]
  /** Columns that are equal in every slice (a required Likert question's statements and its "answered"). */
  ties: [number, number][]
  /** Columns computed from others: [column, its parts]. */
  derived: [number, number[]][]
}

/** The column of an answer row: option (or value) counts, Likert cells, or the "answered" marker. */
function columnKey(q: Question, item: string, value: string): string {
  if (item === '' && value === '') return 'answered'
  if (q.kind === 'likert') return `s:${item}:${value}`
  if (q.kind === 'rating' || q.kind === 'nps' || q.kind === 'number') return `v:${Number(value)}`
  return `o:${value}`
}

function layoutOf(q: Question, numberValues: number[]): Omit<Layout, 'offset'> {
  const keys: string[] = []
  const groups: Layout['groups'] = []
  const ties: Layout['ties'] = []
  const derived: Layout['derived'] = []
  const at = (key: string) => keys.indexOf(key)
  const add = (key: string) => keys.push(key) - 1
  const fixed = q.required && q.showIfQuestionId === null
  if (q.kind === 'single' || q.kind === 'multiple') {
    const members = (q.options ?? []).map((o) => add(`o:${o.value}`))
    groups.push({ members, total: add('answered') })
  } else if (q.kind === 'likert') {
    const answered = add('answered')
    for (const st of q.statements ?? []) {
      const members = (q.options ?? []).map((o) => add(`s:${st.value}:${o.value}`))
      const total = add(`t:${st.value}`)
      groups.push({ members, total })
      derived.push([total, members])
      if (fixed) ties.push([total, answered])
    }
  } else {
    const values =
      q.kind === 'rating' ? [1, 2, 3, 4, 5] : q.kind === 'nps' ? Array.from({ length: 11 }, (_, i) => i) : numberValues
    const members = values.map((v) => add(`v:${v}`))
    const answered = add('answered')
    groups.push({ members, total: answered })
    if (q.kind === 'nps') {
      const part = (key: string, from: number, to: number) => {
        const parts = values.filter((v) => v >= from && v <= to).map((v) => at(`v:${v}`))
        const total = add(key)
        groups.push({ members: parts, total })
        derived.push([total, parts])
        return total
      }
      const parts = [part('detractors', 0, 6), part('passives', 7, 8), part('promoters', 9, 10)]
      groups.push({ members: parts, total: answered })
    }
  }
  return { question: q, columns: new Map(keys.map((k, i) => [k, i])), groups, ties, derived }
}

/** A snapshot coordinate's position along part `d` (SIZES[d] − 1 is everyone). */
const along = (s: number, d: number) => Math.floor(s / STRIDES[d]) % SIZES[d]
/** Which line along part `d` a snapshot coordinate is on (0…SNAPSHOTS/size − 1), and that line's `c`-th coordinate. */
const lineAlong = (s: number, d: number) => (s % STRIDES[d]) + Math.floor(s / (STRIDES[d] * SIZES[d])) * STRIDES[d]
const onLine = (t: number, d: number, c: number) =>
  (t % STRIDES[d]) + Math.floor(t / STRIDES[d]) * STRIDES[d] * SIZES[d] + c * STRIDES[d]

/**
 * The survey table's lines, computed from coordinates (it can have millions of cells): respondents
 * along each snapshot part; each question's figures along each snapshot part (under each answer
 * filter), and along the question's own columns (options to "answered", and so on).
 */
class SurveyLines implements LineSpace {
  readonly cellCount: number
  readonly lineCount: number
  readonly maxLinesPerCell: number
  readonly maxCellsPerLine: number
  /** Line ids come in blocks: respondents along part d (3), then per question: along part d (3), along columns. */
  private blockStarts: number[] = []
  private blockParts: number[] = [] // the snapshot part, or -1 for a question's columns
  private blockLayouts: number[] = [] // the question (-1: respondents)
  private offsets: number[]
  private widths: number[]
  private groupMembers: Int32Array[][]
  private groupTotals: number[][]
  /** For each question and column, the column lines it is on. */
  private columnGroups: number[][][]

  constructor(
    layouts: Layout[],
    private answers: number,
    size: number,
  ) {
    this.cellCount = size
    this.offsets = layouts.map((l) => l.offset)
    this.widths = layouts.map((l) => l.columns.size)
    this.groupMembers = layouts.map((l) => l.groups.map((g) => Int32Array.from(g.members)))
    this.groupTotals = layouts.map((l) => l.groups.map((g) => g.total))
    this.columnGroups = layouts.map((l) =>
      Array.from({ length: l.columns.size }, (_, k) =>
        l.groups.flatMap((g, j) => (g.members.includes(k) || g.total === k ? [j] : [])),
      ),
    )
    let id = 0
    const block = (d: number, layout: number, count: number) => {
      this.blockStarts.push(id)
      this.blockParts.push(d)
      this.blockLayouts.push(layout)
      id += count
    }
    for (let d = 0; d < 3; d++) block(d, -1, SNAPSHOTS / SIZES[d])
    let maxCells = Math.max(...SIZES)
    let maxLines = 3
    layouts.forEach((l, li) => {
      for (let d = 0; d < 3; d++) block(d, li, (SNAPSHOTS / SIZES[d]) * answers * l.columns.size)
      block(-1, li, SNAPSHOTS * answers * l.groups.length)
      for (const g of l.groups) maxCells = Math.max(maxCells, g.members.length + 1)
      maxLines = Math.max(maxLines, 3 + Math.max(0, ...this.columnGroups[li].map((x) => x.length)))
    })
    this.lineCount = id
    this.maxCellsPerLine = maxCells
    this.maxLinesPerCell = maxLines
  }

  linesOf(cell: number, out: Int32Array): number {
    let n = 0
    if (cell < SNAPSHOTS) {
      for (let d = 0; d < 3; d++) out[n++] = this.blockStarts[d] + lineAlong(cell, d)
      return n
    }
    let li = 0
    let hi = this.offsets.length - 1
    while (li < hi) {
      const mid = (li + hi + 1) >> 1
      if (this.offsets[mid] <= cell) li = mid
      else hi = mid - 1
    }
    const K = this.widths[li]
    const A = this.answers
    const rel = cell - this.offsets[li]
    const k = rel % K
    const a = Math.floor(rel / K) % A
    const s = Math.floor(rel / (K * A))
    const b = 3 + li * 4
    for (let d = 0; d < 3; d++) out[n++] = this.blockStarts[b + d] + (lineAlong(s, d) * A + a) * K + k
    const groups = this.columnGroups[li][k]
    const columnsStart = this.blockStarts[b + 3] + (s * A + a) * this.groupTotals[li].length
    for (let i = 0; i < groups.length; i++) out[n++] = columnsStart + groups[i]
    return n
  }

  private blockOf(line: number): number {
    let bi = 0
    let hi = this.blockStarts.length - 1
    while (bi < hi) {
      const mid = (bi + hi + 1) >> 1
      if (this.blockStarts[mid] <= line) bi = mid
      else hi = mid - 1
    }
    return bi
  }

  totalOf(line: number): number {
    const bi = this.blockOf(line)
    const rel = line - this.blockStarts[bi]
    const d = this.blockParts[bi]
    const li = this.blockLayouts[bi]
    if (li < 0) return onLine(rel, d, SIZES[d] - 1)
    const K = this.widths[li]
    const A = this.answers
    const offset = this.offsets[li]
    if (d >= 0) {
      const k = rel % K
      const a = Math.floor(rel / K) % A
      return offset + (onLine(Math.floor(rel / (K * A)), d, SIZES[d] - 1) * A + a) * K + k
    }
    const J = this.groupTotals[li].length
    const a = Math.floor(rel / J) % A
    const s = Math.floor(rel / (J * A))
    return offset + (s * A + a) * K + this.groupTotals[li][rel % J]
  }

  lengthOf(line: number): number {
    const bi = this.blockOf(line)
    const d = this.blockParts[bi]
    if (d >= 0) return SIZES[d]
    const li = this.blockLayouts[bi]
    return this.groupMembers[li][(line - this.blockStarts[bi]) % this.groupTotals[li].length].length + 1
  }

  cellsOf(line: number, out: Int32Array): number {
    const bi = this.blockOf(line)
    const rel = line - this.blockStarts[bi]
    const d = this.blockParts[bi]
    const li = this.blockLayouts[bi]
    if (li < 0) {
      for (let c = 0; c < SIZES[d]; c++) out[c] = onLine(rel, d, c)
      return SIZES[d]
    }
    const K = this.widths[li]
    const A = this.answers
    const offset = this.offsets[li]
    if (d >= 0) {
      const k = rel % K
      const a = Math.floor(rel / K) % A
      const t = Math.floor(rel / (K * A))
      for (let c = 0; c < SIZES[d]; c++) out[c] = offset + (onLine(t, d, c) * A + a) * K + k
      return SIZES[d]
    }
    const J = this.groupTotals[li].length
    const j = rel % J
    const a = Math.floor(rel / J) % A
    const s = Math.floor(rel / (J * A))
    const members = this.groupMembers[li][j]
    const base = offset + (s * A + a) * K
    for (let i = 0; i < members.length; i++) out[i] = base + members[i]
    out[members.length] = base + this.groupTotals[li][j]
    return members.length + 1
  }
}

export type SurveyMarks = {
  /** The columns a question has in the table (a number question: every value anyone gave). */
  columns: (questionId: number) => string[]
  /** Is the number of respondents of this slice hidden? */
  respondents: (slice: Slice) => boolean
  /**
   * Is this figure of the question hidden in this slice? Columns: `answered`, `o:<option>`, `v:<value>`,
   * `s:<statement>:<option>`, `t:<statement>` (a statement's answers), `detractors`, `passives`, `promoters`.
   */
  figure: (questionId: number, slice: Slice, column: string) => boolean
  /** Does the results page show every figure of this slice (its size and every count of every question)? */
  everyFigureShown: (slice: Slice) => boolean
}

const NOTHING_HIDDEN: SurveyMarks = {
  columns: () => [],
  respondents: () => false,
  figure: () => false,
  everyFigureShown: () => true,
}

/**
 * The survey's whole table, ready for `suppressCells`: every figure's count, the lines, which figures
 * are known anyway, which are equal, which narrow the respondents, and how much each matters.
 */
export function surveyTable(db: Reader, survey: Survey, questions: Question[]) {
  return runToEnd(surveyTableSteps(db, survey, questions))
}

/**
 * `surveyTable` in slices (`~/lib/slices`): it pauses between queries and between questions. The data
 * can change while it pauses; `surveyMarksReady` checks the survey's state before and after.
 */
export function* surveyTableSteps(db: Reader, survey: Survey, questions: Question[]) {
  const counted = questions.filter(isCounted)
  const choice = counted.filter(isChoice)
  // Answer filters: 0 is none, then one per (choice question, option).
  const answerIndex = new Map<string, number>()
  for (const p of choice) for (const o of p.options ?? []) answerIndex.set(`${p.id}:${o.value}`, answerIndex.size + 1)
  const answers = answerIndex.size + 1

  type CountRow = {
    byQuestion: number | null
    byValue: string | null
    questionId: number
    item: string
    value: string
    region: string
    language: string
    memberType: string
    n: number
  }
  const countRows = db.all<CountRow>(
    sql`select null as byQuestion, null as byValue, question_id as questionId, item, value, region_code as region,
          language, member_type as memberType, n
        from ${surveyAnswerCounts} where survey_id = ${survey.id}`,
  )
  // Number questions: the values anyone gave, in order.
  const numberValues = new Map<number, number[]>()
  for (const q of counted) if (q.kind === 'number') numberValues.set(q.id, [])
  for (const r of countRows) {
    const list = numberValues.get(r.questionId)
    if (list && r.value !== '' && !list.includes(Number(r.value))) list.push(Number(r.value))
  }
  for (const list of numberValues.values()) list.sort((a, b) => a - b)

  // Cells: respondents per snapshot first, then each question's (snapshot, answer filter, column).
  const layouts = new Map<number, Layout>()
  let size = SNAPSHOTS
  for (const q of counted) {
    const layout = { ...layoutOf(q, numberValues.get(q.id) ?? []), offset: size }
    layouts.set(q.id, layout)
    size += SNAPSHOTS * answers * layout.columns.size
  }
  const cell = (layout: Layout, s: number, a: number, k: number) =>
    layout.offset + (s * answers + a) * layout.columns.size + k
  const values = new Int32Array(size)

  // Respondents.
  for (const r of db
    .select({
      region: surveyResponses.regionCode,
      language: surveyResponses.language,
      memberType: surveyResponses.memberType,
      n: sql<number>`count(*)`,
    })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.surveyId, survey.id), eq(surveyResponses.status, 'completed')))
    .groupBy(surveyResponses.regionCode, surveyResponses.language, surveyResponses.memberType)
    .all())
    for (const s of coarser([r.region ?? '', r.language ?? '', r.memberType ?? ''])) values[s] += r.n

  // Answers, without and under each answer filter.
  const columnOf = new Map<string, number>()
  const snapshotsOf = new Map<string, number[]>()
  const addRows = (rows: CountRow[]) => {
    for (const r of rows) {
      const a = r.byQuestion === null ? 0 : answerIndex.get(`${r.byQuestion}:${r.byValue}`)
      const layout = layouts.get(r.questionId)
      if (a === undefined || layout === undefined) continue
      const columnKeyOf = `${r.questionId}\u001f${r.item}\u001f${r.value}`
      let k = columnOf.get(columnKeyOf)
      if (k === undefined)
        columnOf.set(columnKeyOf, (k = layout.columns.get(columnKey(layout.question, r.item, r.value)) ?? -1))
      if (k < 0) continue
      const snapshotKey = `${r.region}|${r.language}|${r.memberType}`
      let snapshots = snapshotsOf.get(snapshotKey)
      if (!snapshots) snapshotsOf.set(snapshotKey, (snapshots = coarser([r.region, r.language, r.memberType])))
      const K = layout.columns.size
      const base = layout.offset + a * K + k
      for (const s of snapshots) values[base + s * answers * K] += r.n
    }
  }
  addRows(countRows)
  yield
  // The answers under each answer filter, one filter at a time.
  for (const p of choice)
    for (const o of p.options ?? []) {
      addRows(
        db.all<CountRow>(
          sql`select by_question_id as byQuestion, by_value as byValue, question_id as questionId, item, value,
                region_code as region, language, member_type as memberType, n
              from ${surveyPairCounts}
              where survey_id = ${survey.id} and by_question_id = ${p.id} and by_value = ${o.value}`,
        ),
      )
      yield
    }
  for (const layout of layouts.values())
    for (const [column, parts] of layout.derived)
      for (let s = 0; s < SNAPSHOTS; s++)
        for (let a = 0; a < answers; a++) {
          let sum = 0
          for (const k of parts) sum += values[cell(layout, s, a, k)]
          values[cell(layout, s, a, column)] = sum
        }

  // Known figures: everyone's (shown unfiltered), groups nobody was invited from, answers a filter rules out.
  const frozen = new Uint8Array(size)
  frozen[EVERYONE] = 1
  for (const layout of layouts.values())
    for (let k = 0; k < layout.columns.size; k++) frozen[cell(layout, EVERYONE, 0, k)] = 1
  // The results page lists how many were invited per region, per language and per member type: where
  // everyone answers by invitation, a group of a part with nobody invited is known to be empty.
  const invitedOnly = survey.mode === 'invitation' || survey.openAccess === 'signed_in'
  if (invitedOnly) {
    const invited = PARTS.map((p) => new Int32Array(p.length))
    for (const r of invitedByGroup(db, survey.id))
      [r.region, r.language, r.memberType].forEach((code, d) => {
        const i = PARTS[d].indexOf(code ?? '')
        if (i >= 0) invited[d][i] += r.n
      })
    for (let s = 0; s < SNAPSHOTS; s++) {
      if (![0, 1, 2].some((d) => along(s, d) < SIZES[d] - 1 && invited[d][along(s, d)] === 0)) continue
      frozen[s] = 1
      for (const layout of layouts.values())
        frozen.fill(1, cell(layout, s, 0, 0), cell(layout, s, answers - 1, layout.columns.size - 1) + 1)
    }
  }
  for (const p of choice) {
    if (p.kind !== 'single') continue
    const layout = layouts.get(p.id)!
    const columns = (p.options ?? []).map((o) => layout.columns.get(`o:${o.value}`)!)
    const filters = (p.options ?? []).map((o) => answerIndex.get(`${p.id}:${o.value}`)!)
    for (let s = 0; s < SNAPSHOTS; s++)
      for (let v = 0; v < filters.length; v++)
        for (let w = 0; w < columns.length; w++) if (w !== v) frozen[cell(layout, s, filters[v], columns[w])] = 1
  }
  yield

  // Cells that are the same figure reached two ways, tied in rings (hidden together).
  const parent = new Int32Array(size)
  yield* loopInSlices(size, (from, to) => {
    for (let i = from; i < to; i++) parent[i] = i
  })
  const root = (x: number) => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]]
    return x
  }
  const tie = (x: number, y: number) => {
    const a = root(x)
    const b = root(y)
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b)
  }
  // Column indexes of each choice question's options, and each option's answer filter, looked up once.
  const optionColumns = new Map(
    choice.map((p) => [p.id, (p.options ?? []).map((o) => layouts.get(p.id)!.columns.get(`o:${o.value}`)!)]),
  )
  const optionFilters = new Map(
    choice.map((p) => [p.id, (p.options ?? []).map((o) => answerIndex.get(`${p.id}:${o.value}`)!)]),
  )
  for (const layout of layouts.values()) {
    const q = layout.question
    const answered = layout.columns.get('answered')!
    const fixed = q.required && q.showIfQuestionId === null
    const own = optionColumns.get(q.id)
    const ownFilters = optionFilters.get(q.id)
    for (let s = 0; s < SNAPSHOTS; s++) {
      for (let a = 0; a < answers; a++)
        for (const [x, y] of layout.ties) tie(cell(layout, s, a, x), cell(layout, s, a, y))
      // A required question is answered by all the respondents, under any answer filter too.
      if (fixed) tie(cell(layout, s, 0, answered), s)
      for (const p of choice) {
        const pl = layouts.get(p.id)!
        const columns = optionColumns.get(p.id)!
        const filters = optionFilters.get(p.id)!
        for (let v = 0; v < columns.length; v++) {
          const a = filters[v]
          const count = cell(pl, s, 0, columns[v])
          if (p.id === q.id) {
            // Under its own answer: those who answered it, and that option, are that option's count.
            tie(cell(layout, s, a, answered), count)
            tie(cell(layout, s, a, columns[v]), count)
            if (q.kind === 'multiple')
              for (let w = v + 1; w < columns.length; w++)
                tie(cell(layout, s, a, columns[w]), cell(layout, s, filters[w], columns[v]))
            continue
          }
          if (fixed) tie(cell(layout, s, a, answered), count)
          // q by p is p by q turned around (each pair once).
          if (own && ownFilters && q.id < p.id)
            for (let w = 0; w < own.length; w++) tie(cell(layout, s, a, own[w]), cell(pl, s, ownFilters[w], columns[v]))
        }
      }
    }
    yield
  }
  // Rings: each cell points at the next cell of its class; a class with a known cell is known.
  // (Roots are the smallest cell of their class, so one pass in order settles every root.)
  yield* loopInSlices(size, (from, to) => {
    for (let i = from; i < to; i++) parent[i] = parent[parent[i]]
  })
  const tied = new Int32Array(size)
  const last = new Int32Array(size).fill(-1)
  yield* loopInSlices(size, (from, to) => {
    for (let i = from; i < to; i++) {
      const r = parent[i]
      if (r === i) {
        tied[i] = i
        continue
      }
      if (frozen[i]) frozen[r] = 1
      const previous = last[r] < 0 ? r : last[r]
      tied[i] = tied[previous]
      tied[previous] = i
      last[r] = i
    }
  })
  yield* loopInSlices(size, (from, to) => {
    for (let i = from; i < to; i++) if (frozen[parent[i]]) frozen[i] = 1
  })

  // A figure narrows the respondents unless it is about everyone with no answer filter.
  const narrowed = new Uint8Array(size)
  narrowed.fill(1, 0, SNAPSHOTS)
  narrowed[EVERYONE] = 0
  for (const layout of layouts.values())
    for (let s = 0; s < SNAPSHOTS; s++)
      for (let a = 0; a < answers; a++)
        if (s !== EVERYONE || a !== 0)
          narrowed.fill(1, cell(layout, s, a, 0), cell(layout, s, a, 0) + layout.columns.size)

  const space = new SurveyLines([...layouts.values()], answers, size)
  // What matters most to readers, kept longest: figures about more people (each part left at
  // "everyone" counts one) and figures without an answer filter (they count two). Equal cells share
  // the weight of the most important among them.
  const weight = new Uint8Array(size)
  const everyoneParts = (s: number) => [0, 1, 2].filter((d) => along(s, d) === SIZES[d] - 1).length
  for (let s = 0; s < SNAPSHOTS; s++) weight[s] = everyoneParts(s) + 2
  for (const layout of layouts.values())
    for (let s = 0; s < SNAPSHOTS; s++)
      for (let a = 0; a < answers; a++)
        weight.fill(
          everyoneParts(s) + (a === 0 ? 2 : 0),
          cell(layout, s, a, 0),
          cell(layout, s, a, 0) + layout.columns.size,
        )
  yield
  yield* loopInSlices(size, (from, to) => {
    for (let i = from; i < to; i++) if (parent[i] !== i) weight[parent[i]] = Math.max(weight[parent[i]], weight[i])
  })
  yield* loopInSlices(size, (from, to) => {
    for (let i = from; i < to; i++) weight[i] = weight[parent[i]]
  })

  return { values, lines: space, frozen, tied, narrowed, weight, layouts, answerIndex, answers }
}

/** Computes the marks for a survey's data as it is now (see the file's comment). */
export function computeMarks(db: Reader, survey: Survey, questions: Question[]): SurveyMarks {
  return runToEnd(computeMarksSteps(db, survey, questions))
}

/** `computeMarks` in slices (`~/lib/slices`). */
export function* computeMarksSteps(db: Reader, survey: Survey, questions: Question[]) {
  // Only the marks are kept (per survey, until its next submission): not the table's big arrays.
  const { layouts, answerIndex, answers, ...table } = yield* surveyTableSteps(db, survey, questions)
  const hidden = yield* suppressionSteps(table)
  const cell = (layout: Layout, s: number, a: number, k: number) =>
    layout.offset + (s * answers + a) * layout.columns.size + k

  const coordinate = (slice: Slice): [number, number] | null => {
    const codes = [slice.regionCode, slice.language, slice.memberType]
    const idx = codes.map((c, d) => (c === null ? SIZES[d] - 1 : PARTS[d].indexOf(c)))
    if (idx.some((i) => i < 0)) return null
    const a = slice.answer ? answerIndex.get(`${slice.answer.questionId}:${slice.answer.value}`) : 0
    if (a === undefined) return null
    return [snapshot(idx[0], idx[1], idx[2]), a]
  }
  const marks: SurveyMarks = {
    columns: (questionId) => [...(layouts.get(questionId)?.columns.keys() ?? [])],
    respondents: (slice) => {
      const c = coordinate(slice)
      if (!c) return false
      if (c[1] === 0) return hidden[c[0]] === 1
      // Under an answer filter the respondents are that answer's count.
      const a = slice.answer!
      return (
        hidden[cell(layouts.get(a.questionId)!, c[0], 0, layouts.get(a.questionId)!.columns.get(`o:${a.value}`)!)] === 1
      )
    },
    figure: (questionId, slice, column) => {
      const layout = layouts.get(questionId)
      const c = coordinate(slice)
      const k = layout?.columns.get(column)
      if (!layout || !c || k === undefined) return false
      return hidden[cell(layout, c[0], c[1], k)] === 1
    },
    everyFigureShown: (slice) => {
      const c = coordinate(slice)
      if (!c || hidden[c[0]]) return false
      for (const layout of layouts.values()) {
        const first = cell(layout, c[0], c[1], 0)
        for (let k = 0; k < layout.columns.size; k++) if (hidden[first + k]) return false
      }
      return true
    },
  }
  return marks
}

// ─── Kept per survey until the next submission ────────────────────────────

type Kept = { key: string; marks: SurveyMarks }
type Pending = { key: string; done: Promise<SurveyMarks> }
/**
 * Per database, per survey: the marks of one state of its data, and the computation under way. Kept on
 * globalThis: the server's worker and the pages (the Remix build) each load their own copy of this module.
 */
const store = globalThis as unknown as {
  __surveyMarks?: WeakMap<object, { kept: Map<number, Kept>; pending: Map<number, Pending> }>
  __surveyMarksWanted?: Set<number>
}

/** A submission changed this anonymous survey's data: the worker gets its marks ready again. */
export function marksWanted(surveyId: number) {
  ;(store.__surveyMarksWanted ??= new Set()).add(surveyId)
}

/** The surveys whose marks the worker should get ready (each once, however many submissions came). */
export function takeWantedMarks(): number[] {
  const wanted = [...(store.__surveyMarksWanted ?? [])]
  store.__surveyMarksWanted?.clear()
  return wanted
}
const keptFor = (db: Reader) => {
  const all = (store.__surveyMarks ??= new WeakMap())
  let forDb = all.get(db)
  if (!forDb) all.set(db, (forDb = { kept: new Map(), pending: new Map() }))
  return forDb
}

/** The state of a survey's data the marks depend on, cheaply: a submitted response or a new invitation changes it. */
function stateKey(db: Reader, survey: Survey, questions: Question[]): string {
  // Completed responses (the survey's index), the "answered" markers kept at submission, and invitations.
  const [state] = db.all<{ n: number; answered: number; invited: number }>(
    sql`select (select count(*) from ${surveyResponses} where survey_id = ${survey.id} and status = 'completed') as n,
          (select coalesce(sum(n), 0) from ${surveyAnswerCounts}
            where survey_id = ${survey.id} and item = '' and value = '') as answered,
          (select count(*) from ${surveyInvitations} where survey_id = ${survey.id}) as invited`,
  )
  return `${state?.n}:${state?.answered}:${state?.invited}:${survey.mode}:${survey.openAccess}:${questions
    .map((q) => `${q.id}.${q.required ? 1 : 0}`)
    .join(',')}`
}

function keep(db: Reader, surveyId: number, kept: Kept) {
  const forDb = keptFor(db).kept
  // A few surveys at a time: the one being read, and one or two compared with it.
  forDb.delete(surveyId)
  if (forDb.size >= 8) forDb.delete(forDb.keys().next().value!)
  forDb.set(surveyId, kept)
}

/**
 * The marks for an anonymous survey (nothing is hidden in a named one), computed once per
 * state of its data: a submitted response or a new invitation changes the key. When they are not
 * ready for the data as it is now they are computed here, at once (pages call `surveyMarksReady`
 * first, so this happens only if a response arrived in between): never marks of older data.
 */
export function surveyMarks(db: Reader, survey: Survey, questions: Question[]): SurveyMarks {
  if (!survey.anonymous) return NOTHING_HIDDEN
  const key = stateKey(db, survey, questions)
  const found = keptFor(db).kept.get(survey.id)
  if (found?.key === key) return found.marks
  const marks = computeMarks(db, survey, questions)
  keep(db, survey.id, { key, marks })
  return marks
}

/**
 * Makes the marks for the survey's data as it is now ready, computing them in slices that let other
 * requests run in between (a page awaits this, then reads `surveyMarks`, which checks them against
 * the data once more; the worker calls it after each submission). Pages asking meanwhile share the
 * computation. If a response arrives while it runs, the result is for older data and is not kept: it
 * is computed again (READY_ATTEMPTS times at most; after that `surveyMarks` computes at once).
 */
const READY_ATTEMPTS = 8

export async function surveyMarksReady(db: Reader, survey: Survey, questions: Question[]): Promise<void> {
  if (!survey.anonymous) return
  const { kept, pending } = keptFor(db)
  // Each attempt runs in slices (nobody else waits); only after all of them does `surveyMarks`
  // compute at once. A survey taking responses faster than one computation keeps this page
  // waiting a little longer rather than holding the server.
  for (let attempt = 0; attempt < READY_ATTEMPTS; attempt++) {
    const key = stateKey(db, survey, questions)
    if (kept.get(survey.id)?.key === key) return
    let running = pending.get(survey.id)
    if (running?.key !== key) {
      const done = runSliced(computeMarksSteps(db, survey, questions))
      running = { key, done }
      pending.set(survey.id, running)
      const mine = running
      void done.then(
        (marks) => {
          if (pending.get(survey.id) === mine) pending.delete(survey.id)
          // Kept only if the data did not change while it ran (reads between slices may straddle a submission).
          if (stateKey(db, survey, questions) === key) keep(db, survey.id, { key, marks })
        },
        () => {
          if (pending.get(survey.id) === mine) pending.delete(survey.id)
        },
      )
    }
    await running.done
  }
}

/** How many people a survey invited, per region × language × member type of their record. */
export function invitedByGroup(db: Pick<DB, 'select'>, surveyId: number) {
  return db
    .select({
      region: people.regionCode,
      language: people.preferredLanguage,
      memberType: people.memberType,
      n: sql<number>`count(*)`,
    })
    .from(surveyInvitations)
    .innerJoin(people, eq(people.id, surveyInvitations.personId))
    .where(eq(surveyInvitations.surveyId, surveyId))
    .groupBy(people.regionCode, people.preferredLanguage, people.memberType)
    .all()
}
