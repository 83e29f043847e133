/**
 * The answering page shared by the personal-link route and the open-link route:
 * which section to show, the questions visible on it in the reader's language,
 * and what happens on "Next", "Save for later" and "Submit".
 */
import type { Session } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'

import type { DB } from '#db/client'
import type { Language } from '#db/domain'
import { commitSession, getSession, noticeSetCookie } from '~/auth-session.server'
import {
  type AnswerRow,
  fieldName,
  findResponse,
  guardAnyone,
  isVisible,
  loadAnswers,
  type OpenGuard,
  parseSection,
  type Respondent,
  saveSection,
  submitResponse,
} from '~/services/surveys/answers.server'
import { type Survey, surveyDefinition, surveyState } from '~/services/surveys/builder.server'

import { loc } from './localised'

export type Blocked = 'invalidLink' | 'otherSurvey' | 'submitted' | 'closed' | 'notOpen' | 'inviteOnly' | 'signIn'

export const BLOCKED_STATUS: Record<Blocked, number> = {
  invalidLink: 404,
  otherSurvey: 400,
  submitted: 409,
  closed: 410,
  notOpen: 403,
  inviteOnly: 403,
  signIn: 401,
}

/**
 * The session remembers an open-link respondent's response (until submitted) and which surveys this browser
 * submitted.
 */
export const openKey = (surveyId: number) => `survey:${surveyId}`
export const doneKey = (surveyId: number) => `survey-done:${surveyId}`

function sectionIndex(request: Request, count: number): number {
  const n = Number(new URL(request.url).searchParams.get('s'))
  return Number.isInteger(n) && n >= 1 && n <= count ? n : 1
}

export type PageQuestion = {
  id: number
  name: string
  kind: string
  required: boolean
  text: string
  help: string
  options: { value: string; label: string }[]
  statements: { value: string; label: string; name: string }[]
  min: number | null
  max: number | null
}

function pageQuestions(
  questions: ReturnType<typeof surveyDefinition>['questions'],
  language: Language,
): PageQuestion[] {
  return questions.map((q) => ({
    id: q.id,
    name: fieldName(q),
    kind: q.kind,
    required: q.required,
    text: loc(q.text, language),
    help: loc(q.help, language),
    options: (q.options ?? []).map((o) => ({ value: o.value, label: loc(o.label, language) })),
    statements: (q.statements ?? []).map((s) => ({
      value: s.value,
      label: loc(s.label, language),
      name: fieldName(q, s.value),
    })),
    min: q.kind === 'rating' ? 1 : q.kind === 'nps' ? 0 : q.minValue,
    max: q.kind === 'rating' ? 5 : q.kind === 'nps' ? 10 : q.maxValue,
  }))
}

/** Typed values of saved answers, by field name, to fill the form. */
function savedValues(answers: AnswerRow[], questions: { id: number; kind: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const q of questions) {
    for (const a of answers.filter((x) => x.questionId === q.id)) {
      const name = q.kind === 'likert' ? fieldName(q, a.item) : fieldName(q)
      out[name] = [...(out[name] ?? []), a.value]
    }
  }
  return out
}

export function surveyPage(
  db: DB,
  {
    request,
    survey,
    respondent: who,
    language,
    blocked,
    formToken,
  }: {
    request: Request
    survey: Survey
    respondent: Respondent | null
    language: Language
    blocked: Blocked | null
    formToken?: string
  },
) {
  const head = {
    title: loc(survey.title, language),
    intro: loc(survey.intro, language),
    anonymous: survey.anonymous,
    closesAt: survey.closesAt,
    summary: survey.summaryPublished ? `/surveys/${survey.slug}/summary` : null,
  }
  if (blocked)
    return data(
      { survey: head, blocked, page: null },
      { status: blocked === 'submitted' ? 200 : BLOCKED_STATUS[blocked] },
    )
  const { bySection } = surveyDefinition(db, survey.id)
  const index = sectionIndex(request, bySection.length)
  const current = bySection[index - 1]
  const response = who ? findResponse(db, survey.id, who) : undefined
  const answers = response ? loadAnswers(db, response.id) : []
  const visible = current ? current.questions.filter((q) => isVisible(q, answers)) : []
  return data({
    survey: head,
    blocked: null,
    page: {
      index,
      count: bySection.length,
      sectionTitle: current ? loc(current.section.title, language) : '',
      questions: pageQuestions(visible, language),
      values: savedValues(answers, visible),
      formToken: formToken ?? null,
    },
  })
}

/** Handles a section's POST: validate, save, then move on, or submit on the last section. */
export async function surveyAction(
  db: DB,
  {
    request,
    form,
    survey,
    respondent: who,
    language,
    here,
    personId,
    anyoneFrom,
  }: {
    request: Request
    /** The posted section, read by the route (`readForm`) before anything else. */
    form: FormData
    survey: Survey
    respondent: Respondent
    language: Language
    /** The page's own address, to come back to. */
    here: string
    personId: number | null
    /** Set for surveys anyone may answer: the address that rate limits count against. */
    anyoneFrom?: string
  },
) {
  const intent = String(form.get('intent') ?? 'next')
  const { bySection, questions } = surveyDefinition(db, survey.id)
  const index = Math.min(Math.max(1, Number(form.get('section')) || 1), Math.max(1, bySection.length))
  const current = bySection[index - 1]
  const response = findResponse(db, survey.id, who)
  const before = response ? loadAnswers(db, response.id) : []
  const visible = current ? current.questions.filter((q) => isVisible(q, before)) : []
  const parsed = parseSection(visible, (name) => form.getAll(name).map(String), intent !== 'save')
  if (Object.keys(parsed.errors).length) {
    return data({ errors: parsed.errors, typed: parsed.typed, submitError: null as string | null }, { status: 400 })
  }
  const refuse = (guard: OpenGuard) =>
    data(
      { errors: {}, typed: parsed.typed, submitError: `errors.survey.${guard}` as string | null },
      { status: guard === 'rateLimited' ? 429 : 400 },
    )
  if (anyoneFrom && !response) {
    const guard = guardAnyone(db, 'start', {
      surveyId: survey.id,
      ip: anyoneFrom,
      formToken: String(form.get('formToken') ?? ''),
    })
    if (guard) return refuse(guard)
  }
  if (anyoneFrom && intent === 'submit' && index >= bySection.length) {
    const guard = guardAnyone(db, 'submit', { surveyId: survey.id, ip: anyoneFrom })
    if (guard) return refuse(guard)
  }
  const saved = saveSection(db, {
    survey,
    respondent: who,
    language,
    sectionQuestionIds: current ? current.questions.map((q) => q.id) : [],
    rows: parsed.rows,
  })
  if (!saved.ok)
    return data(
      { errors: {}, typed: parsed.typed, submitError: 'errors.survey.submitted' as string | null },
      { status: 409 },
    )
  const session = await getSession(request)
  if (who.kind === 'open') session.set(openKey(survey.id), saved.responseId)
  if (intent === 'save') return go(`${here}?s=${index}`, session, 'notices.survey.saved')
  if (intent !== 'submit' || index < bySection.length)
    return go(`${here}?s=${Math.min(index + 1, bySection.length)}`, session)
  const result = submitResponse(db, { survey, responseId: saved.responseId, questions, personId })
  if (!result.ok) {
    if (result.error !== 'missing')
      return data(
        { errors: {}, typed: parsed.typed, submitError: 'errors.survey.submitted' as string | null },
        { status: 409 },
      )
    const first = bySection.findIndex((s) => s.questions.some((q) => result.questionIds.includes(q.id)))
    return go(`${here}?s=${first + 1}`, session, 'notices.survey.missing')
  }
  session.unset(openKey(survey.id))
  session.set(doneKey(survey.id), true)
  return go(here, session, 'notices.survey.submitted')
}

async function go(to: string, session: Session, notice?: string) {
  const headers = new Headers({ 'Set-Cookie': await commitSession(session) })
  if (notice) headers.append('Set-Cookie', await noticeSetCookie(notice))
  return redirect(to, { status: 303, headers })
}

export function openState(survey: Survey): Blocked | null {
  const state = surveyState(survey)
  return state === 'open' ? null : state
}
