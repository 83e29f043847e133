/**
 * Building a survey: settings, sections and questions in EN/FR/ES with conditions;
 * once anyone has answered only the wording can change, and a copy keeps the question
 * codes so two surveys compare. Reading a survey's definition for every other part.
 */
import crypto from 'node:crypto'

import { and, asc, count, eq, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type Language, type LocalisedText, type OpenAccess, QUESTION_KINDS } from '#db/domain'
import {
  events,
  type QuestionOption,
  surveyInvitations,
  surveyQuestions,
  surveyResponses,
  surveys,
  surveySections,
} from '#db/schema'
import { loc } from '~/lib/localised'

import { recordAudit } from '../audit.server'
import type { ActorCtx } from '../context'
import { eventSummaries } from '../events/summaries.server'

type Reader = Pick<DB, 'select'>
export type QuestionKind = (typeof QUESTION_KINDS)[number]
export type Survey = typeof surveys.$inferSelect
export type Question = typeof surveyQuestions.$inferSelect
export type Section = typeof surveySections.$inferSelect

/** The five-point agreement scale a Likert question gets unless staff give another. */
export const AGREEMENT_SCALE: QuestionOption[] = [
  { value: 'sd', label: { en: 'Strongly disagree', fr: 'Pas du tout d’accord', es: 'Totalmente en desacuerdo' } },
  { value: 'd', label: { en: 'Disagree', fr: 'Pas d’accord', es: 'En desacuerdo' } },
  {
    value: 'n',
    label: {
      en: 'Neither agree nor disagree',
      fr: 'Ni d’accord ni pas d’accord',
      es: 'Ni de acuerdo ni en desacuerdo',
    },
  },
  { value: 'a', label: { en: 'Agree', fr: 'D’accord', es: 'De acuerdo' } },
  { value: 'sa', label: { en: 'Strongly agree', fr: 'Tout à fait d’accord', es: 'Totalmente de acuerdo' } },
]

// ─── Reading ──────────────────────────────────────────────────────────────

export function getSurvey(db: Reader, id: number) {
  return db.select().from(surveys).where(eq(surveys.id, id)).get()
}

export function getSurveyBySlug(db: Reader, slug: string) {
  return db.select().from(surveys).where(eq(surveys.slug, slug)).get()
}

/** Sections in order, each with its questions in order. */
export function surveyDefinition(db: Reader, surveyId: number) {
  const sections = db
    .select()
    .from(surveySections)
    .where(eq(surveySections.surveyId, surveyId))
    .orderBy(asc(surveySections.position))
    .all()
  const questions = db
    .select()
    .from(surveyQuestions)
    .where(eq(surveyQuestions.surveyId, surveyId))
    .orderBy(asc(surveyQuestions.position), asc(surveyQuestions.id))
    .all()
  return {
    sections,
    questions,
    bySection: sections.map((s) => ({ section: s, questions: questions.filter((q) => q.sectionId === s.id) })),
  }
}

export type SurveyState = 'notOpen' | 'open' | 'closed'
export function surveyState(survey: Pick<Survey, 'opensAt' | 'closesAt'>, now = new Date()): SurveyState {
  if (survey.opensAt && now < survey.opensAt) return 'notOpen'
  if (survey.closesAt && now >= survey.closesAt) return 'closed'
  return 'open'
}

/** Once anyone has started answering, the questions are fixed (labels can still be corrected). */
export function hasResponses(db: Reader, surveyId: number): boolean {
  return Boolean(
    db
      .select({ id: surveyResponses.id })
      .from(surveyResponses)
      .where(eq(surveyResponses.surveyId, surveyId))
      .limit(1)
      .get(),
  )
}

export function listSurveys(db: Reader, language: Language) {
  const rows = db.select().from(surveys).orderBy(asc(surveys.createdAt), asc(surveys.id)).all()
  const counts = db
    .select({
      surveyId: surveyResponses.surveyId,
      completed: sql<number>`sum(${surveyResponses.status} = 'completed')`,
      started: count(),
    })
    .from(surveyResponses)
    .groupBy(surveyResponses.surveyId)
    .all()
  const invited = db
    .select({ surveyId: surveyInvitations.surveyId, n: count() })
    .from(surveyInvitations)
    .groupBy(surveyInvitations.surveyId)
    .all()
  return rows.map((s) => ({
    id: s.id,
    slug: s.slug,
    title: loc(s.title, language),
    mode: s.mode,
    anonymous: s.anonymous,
    state: surveyState(s),
    closesAt: s.closesAt,
    invited: invited.find((i) => i.surveyId === s.id)?.n ?? 0,
    started: counts.find((c) => c.surveyId === s.id)?.started ?? 0,
    completed: counts.find((c) => c.surveyId === s.id)?.completed ?? 0,
  }))
}

// ─── Building ─────────────────────────────────────────────────────────────

export type SurveySettings = {
  slug: string
  eventId: number | null
  title: LocalisedText
  intro: LocalisedText | null
  mode: 'invitation' | 'open'
  anonymous: boolean
  /**
   * Open-link surveys: one answer per signed-in person, or anyone (anonymous surveys only; rate-limited per
   * address).
   */
  openAccess: OpenAccess
  opensAt: Date | null
  closesAt: Date | null
}

/** No event, or one that exists (a forged id is refused, never a foreign-key failure). */
function eventExists(tx: Reader, eventId: number | null): boolean {
  return eventId === null || Boolean(tx.select({ id: events.id }).from(events).where(eq(events.id, eventId)).get())
}

export function createSurvey(
  db: DB,
  input: SurveySettings,
  actorId: number,
): { ok: true; id: number } | { ok: false; error: 'slugTaken' | 'unknownEvent' } {
  return db.transaction(
    (tx) => {
      if (getSurveyBySlug(tx, input.slug)) return { ok: false as const, error: 'slugTaken' as const }
      if (!eventExists(tx, input.eventId)) return { ok: false as const, error: 'unknownEvent' as const }
      const id = tx
        .insert(surveys)
        .values({ ...input, createdById: actorId })
        .returning({ id: surveys.id })
        .get().id
      tx.insert(surveySections)
        .values({ surveyId: id, position: 1, title: { en: 'Your answers', fr: 'Vos réponses', es: 'Sus respuestas' } })
        .run()
      recordAudit(tx, { actorId, action: 'survey.create', entityType: 'survey', entityId: id })
      return { ok: true as const, id }
    },
    { behavior: 'immediate' },
  )
}

/** Mode and anonymity cannot change once people have answered (it would change what was promised to them). */
export function updateSettings(
  db: DB,
  id: number,
  input: SurveySettings,
  actorId: number,
): { ok: true } | { ok: false; error: 'slugTaken' | 'locked' | 'notFound' | 'unknownEvent' } {
  return db.transaction(
    (tx) => {
      const before = getSurvey(tx, id)
      if (!before) return { ok: false as const, error: 'notFound' as const }
      const other = getSurveyBySlug(tx, input.slug)
      if (other && other.id !== id) return { ok: false as const, error: 'slugTaken' as const }
      if (!eventExists(tx, input.eventId)) return { ok: false as const, error: 'unknownEvent' as const }
      if (hasResponses(tx, id) && (before.mode !== input.mode || before.anonymous !== input.anonymous))
        return { ok: false as const, error: 'locked' as const }
      tx.update(surveys).set(input).where(eq(surveys.id, id)).run()
      recordAudit(tx, { actorId, action: 'survey.settings', entityType: 'survey', entityId: id })
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

export function addSection(db: DB, surveyId: number, title: LocalisedText): number {
  const next =
    (db
      .select({ n: sql<number>`coalesce(max(${surveySections.position}), 0)` })
      .from(surveySections)
      .where(eq(surveySections.surveyId, surveyId))
      .get()?.n ?? 0) + 1
  return db
    .insert(surveySections)
    .values({ surveyId, position: next, title })
    .returning({ id: surveySections.id })
    .get().id
}

export function renameSection(db: DB, surveyId: number, sectionId: number, title: LocalisedText): boolean {
  return (
    db
      .update(surveySections)
      .set({ title })
      .where(and(eq(surveySections.id, sectionId), eq(surveySections.surveyId, surveyId)))
      .run().changes > 0
  )
}

export type QuestionInput = {
  sectionId: number
  kind: QuestionKind
  required: boolean
  text: LocalisedText
  help: LocalisedText | null
  /** Option labels in order; values are kept by position (new ones get the next free value). */
  optionLabels: LocalisedText[]
  statementLabels: LocalisedText[]
  showIfQuestionId: number | null
  showIfValue: string | null
  minValue: number | null
  maxValue: number | null
}

export type QuestionError =
  'notFound' | 'locked' | 'needsOptions' | 'needsStatements' | 'badCondition' | 'badRange' | 'structureLocked'

/** Values by position: keep the old value at each position, give new positions the next free "oN". */
function withValues(labels: LocalisedText[], old: QuestionOption[] | null, prefix: string): QuestionOption[] {
  const used = new Set((old ?? []).map((o) => o.value))
  let n = 1
  return labels.map((label, i) => {
    const kept = old?.[i]?.value
    if (kept) return { value: kept, label }
    while (used.has(`${prefix}${n}`)) n++
    used.add(`${prefix}${n}`)
    return { value: `${prefix}${n}`, label }
  })
}

function checkQuestion(
  tx: Reader,
  surveyId: number,
  input: QuestionInput,
  selfPosition: number | null,
): QuestionError | null {
  const section = tx
    .select()
    .from(surveySections)
    .where(and(eq(surveySections.id, input.sectionId), eq(surveySections.surveyId, surveyId)))
    .get()
  if (!section) return 'notFound'
  if ((input.kind === 'single' || input.kind === 'multiple') && input.optionLabels.length < 2) return 'needsOptions'
  if (input.kind === 'likert' && input.statementLabels.length < 1) return 'needsStatements'
  if (input.kind === 'number' && input.minValue !== null && input.maxValue !== null && input.minValue > input.maxValue)
    return 'badRange'
  if (input.showIfQuestionId !== null) {
    // A condition looks back at a choice question of an earlier section, so a page can be shown without scripts.
    const target = tx
      .select()
      .from(surveyQuestions)
      .where(and(eq(surveyQuestions.id, input.showIfQuestionId), eq(surveyQuestions.surveyId, surveyId)))
      .get()
    const targetSection = target?.sectionId
      ? tx.select().from(surveySections).where(eq(surveySections.id, target.sectionId)).get()
      : undefined
    if (
      !target ||
      !targetSection ||
      targetSection.position >= section.position ||
      !['single', 'multiple'].includes(target.kind)
    )
      return 'badCondition'
    if (!(target.options ?? []).some((o) => o.value === input.showIfValue)) return 'badCondition'
    if (selfPosition !== null && target.position === selfPosition) return 'badCondition'
  }
  return null
}

export function addQuestion(
  db: DB,
  { surveyId, question: input }: { surveyId: number; question: QuestionInput },
  { actorId }: ActorCtx,
): { ok: true; id: number } | { ok: false; error: QuestionError } {
  return db.transaction(
    (tx) => {
      if (hasResponses(tx, surveyId)) return { ok: false as const, error: 'locked' as const }
      const problem = checkQuestion(tx, surveyId, input, null)
      if (problem) return { ok: false as const, error: problem }
      const position =
        (tx
          .select({ n: sql<number>`coalesce(max(${surveyQuestions.position}), 0)` })
          .from(surveyQuestions)
          .where(eq(surveyQuestions.surveyId, surveyId))
          .get()?.n ?? 0) + 1
      const id = tx
        .insert(surveyQuestions)
        .values({
          surveyId,
          sectionId: input.sectionId,
          code: `q${position}-${crypto.randomBytes(3).toString('hex')}`,
          position,
          kind: input.kind,
          required: input.required,
          text: input.text,
          help: input.help,
          options:
            input.kind === 'likert'
              ? input.optionLabels.length
                ? withValues(input.optionLabels, null, 's')
                : AGREEMENT_SCALE
              : input.optionLabels.length
                ? withValues(input.optionLabels, null, 'o')
                : null,
          statements: input.kind === 'likert' ? withValues(input.statementLabels, null, 'st') : null,
          showIfQuestionId: input.showIfQuestionId,
          showIfValue: input.showIfValue,
          minValue: input.kind === 'number' ? input.minValue : null,
          maxValue: input.kind === 'number' ? input.maxValue : null,
        })
        .returning({ id: surveyQuestions.id })
        .get().id
      recordAudit(tx, {
        actorId,
        action: 'survey.questionAdded',
        entityType: 'survey',
        entityId: surveyId,
        details: { questionId: id },
      })
      return { ok: true as const, id }
    },
    { behavior: 'immediate' },
  )
}

/**
 * Changes a question. Before anyone answers, anything may change. After, only the
 * words: question text, help, and option and statement labels (same number, same
 * order), so every stored answer still means what it meant.
 */
export function updateQuestion(
  db: DB,
  { surveyId, questionId, question: input }: { surveyId: number; questionId: number; question: QuestionInput },
  { actorId }: ActorCtx,
): { ok: true } | { ok: false; error: QuestionError } {
  return db.transaction(
    (tx) => {
      const before = tx
        .select()
        .from(surveyQuestions)
        .where(and(eq(surveyQuestions.id, questionId), eq(surveyQuestions.surveyId, surveyId)))
        .get()
      if (!before) return { ok: false as const, error: 'notFound' as const }
      const locked = hasResponses(tx, surveyId)
      if (locked) {
        const sameStructure =
          before.kind === input.kind &&
          before.required === input.required &&
          before.sectionId === input.sectionId &&
          before.showIfQuestionId === input.showIfQuestionId &&
          (before.showIfValue ?? null) === input.showIfValue &&
          (before.minValue ?? null) === input.minValue &&
          (before.maxValue ?? null) === input.maxValue &&
          (before.kind === 'likert' || (before.options ?? []).length === input.optionLabels.length) &&
          (before.kind !== 'likert' || (before.statements ?? []).length === input.statementLabels.length) &&
          (before.kind !== 'likert' ||
            input.optionLabels.length === 0 ||
            (before.options ?? []).length === input.optionLabels.length)
        if (!sameStructure) return { ok: false as const, error: 'structureLocked' as const }
      } else {
        const problem = checkQuestion(tx, surveyId, input, before.position)
        if (problem) return { ok: false as const, error: problem }
      }
      const options =
        input.kind === 'likert'
          ? input.optionLabels.length
            ? withValues(input.optionLabels, before.kind === 'likert' ? before.options : null, 's')
            : before.kind === 'likert' && before.options
              ? before.options
              : AGREEMENT_SCALE
          : input.optionLabels.length
            ? withValues(input.optionLabels, before.options, 'o')
            : null
      tx.update(surveyQuestions)
        .set({
          sectionId: input.sectionId,
          kind: input.kind,
          required: input.required,
          text: input.text,
          help: input.help,
          options,
          statements: input.kind === 'likert' ? withValues(input.statementLabels, before.statements, 'st') : null,
          showIfQuestionId: input.showIfQuestionId,
          showIfValue: input.showIfValue,
          minValue: input.kind === 'number' ? input.minValue : null,
          maxValue: input.kind === 'number' ? input.maxValue : null,
        })
        .where(eq(surveyQuestions.id, questionId))
        .run()
      recordAudit(tx, {
        actorId,
        action: locked ? 'survey.labelsCorrected' : 'survey.questionChanged',
        entityType: 'survey',
        entityId: surveyId,
        details: { questionId },
      })
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

export function deleteQuestion(
  db: DB,
  surveyId: number,
  questionId: number,
  actorId: number,
): { ok: true } | { ok: false; error: 'locked' | 'notFound' } {
  return db.transaction(
    (tx) => {
      if (hasResponses(tx, surveyId)) return { ok: false as const, error: 'locked' as const }
      const r = tx
        .delete(surveyQuestions)
        .where(and(eq(surveyQuestions.id, questionId), eq(surveyQuestions.surveyId, surveyId)))
        .run()
      if (!r.changes) return { ok: false as const, error: 'notFound' as const }
      recordAudit(tx, {
        actorId,
        action: 'survey.questionDeleted',
        entityType: 'survey',
        entityId: surveyId,
        details: { questionId },
      })
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}

/** A copy with the same sections and questions (same codes, so the two can be compared), no invitations or answers. */
export function copySurvey(db: DB, surveyId: number, actorId: number): number | null {
  return db.transaction(
    (tx) => {
      const source = getSurvey(tx, surveyId)
      if (!source) return null
      let n = 2
      while (getSurveyBySlug(tx, `${source.slug}-${n}`)) n++
      const id = tx
        .insert(surveys)
        .values({
          slug: `${source.slug}-${n}`,
          eventId: source.eventId,
          title: Object.fromEntries(Object.entries(source.title).map(([l, t]) => [l, `${t} (${n})`])) as LocalisedText,
          intro: source.intro,
          mode: source.mode,
          anonymous: source.anonymous,
          copiedFromId: source.id,
          createdById: actorId,
        })
        .returning({ id: surveys.id })
        .get().id
      const { sections, questions } = surveyDefinition(tx, surveyId)
      const sectionMap = new Map<number, number>()
      for (const s of sections)
        sectionMap.set(
          s.id,
          tx
            .insert(surveySections)
            .values({ surveyId: id, position: s.position, title: s.title })
            .returning({ id: surveySections.id })
            .get().id,
        )
      const questionMap = new Map<number, number>()
      for (const q of questions) {
        const { id: oldId, surveyId: _s, sectionId, showIfQuestionId: _showIf, ...rest } = q
        questionMap.set(
          oldId,
          tx
            .insert(surveyQuestions)
            .values({
              ...rest,
              surveyId: id,
              sectionId: sectionId ? (sectionMap.get(sectionId) ?? null) : null,
              showIfQuestionId: null,
            })
            .returning({ id: surveyQuestions.id })
            .get().id,
        )
      }
      for (const q of questions) {
        if (q.showIfQuestionId)
          tx.update(surveyQuestions)
            .set({ showIfQuestionId: questionMap.get(q.showIfQuestionId) ?? null })
            .where(eq(surveyQuestions.id, questionMap.get(q.id)!))
            .run()
      }
      recordAudit(tx, {
        actorId,
        action: 'survey.copied',
        entityType: 'survey',
        entityId: id,
        details: { from: surveyId },
      })
      return id
    },
    { behavior: 'immediate' },
  )
}

export function publishSummary(db: DB, surveyId: number, published: boolean, actorId: number): boolean {
  const r = db.update(surveys).set({ summaryPublished: published }).where(eq(surveys.id, surveyId)).run()
  if (r.changes)
    recordAudit(db, {
      actorId,
      action: published ? 'survey.summaryPublished' : 'survey.summaryWithdrawn',
      entityType: 'survey',
      entityId: surveyId,
    })
  return r.changes > 0
}

export function surveyEvents(db: Reader, language: Language) {
  const rows = db
    .select({ id: events.id, kind: events.kind, startsAt: events.startsAt })
    .from(events)
    .where(sql`${events.parentEventId} is null and ${events.kind} in ('summit', 'webinar')`)
    .orderBy(sql`${events.startsAt} desc`)
    .all()
  const summaries = eventSummaries(
    db,
    rows.map((r) => r.id),
    { language },
  )
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    startsAt: r.startsAt,
    title: summaries.get(r.id)?.title ?? String(r.id),
  }))
}

/**
 * Surveys waiting for this person: open surveys they were invited to and have not
 * submitted (with their own link), and open-link surveys they have not answered.
 */
