import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { RALO_ADVICE } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { ConfirmCheck } from '~/components/ConfirmCheck'
import { StructureForm } from '~/components/StructureForm'
import { Timeline } from '~/components/Timeline'
import { baseUrl } from '~/guards.server'
import { countryName, countryOptions } from '~/lib/countries'
import { isConfirmed, readForm } from '~/lib/form.server'
import { formatDate, formatDateTime, formatDay, latestToday } from '~/lib/format'
import { loc } from '~/lib/localised'
import { pageTitle } from '~/lib/meta'
import { idParam } from '~/lib/params.server'
import {
  OptionalWebsiteSchema,
  STATUS_BADGE,
  STRUCTURE_ERRORS,
  structureFields,
  StructureSchema,
} from '~/lib/structure-form'
import { DateSchema, IdSchema, parseForm } from '~/lib/validation'
import {
  type AccreditationAction,
  type ActionKind,
  checklist,
  confirmationsOf,
  nextActions,
  recordStep,
  setCheck,
} from '~/services/structures/accreditation.server'
import { decideAffiliation, mailContactAgain, pendingAffiliations } from '~/services/structures/affiliation.server'
import { getStructure, structureTimeline, updateStructure } from '~/services/structures/structures.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff', 'participation'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'structures', data?.structure.name)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const id = idParam(params.id)
  const page = Number(new URL(request.url).searchParams.get('page')) || 1
  const db = getDb()
  const structure = getStructure(db, id)
  if (!structure) throw new Response('Not found', { status: 404 })
  return {
    structure,
    checklist: checklist(db, id),
    actions: nextActions(structure.accreditationStatus),
    requests: pendingAffiliations(db, id),
    confirmations: confirmationsOf(db, id),
    timeline: structureTimeline(db, { structureId: id, language, page }),
    countries: countryOptions(language),
    today: latestToday(),
    language,
    timeZone,
  }
}

const NoteSchema = z.string().trim().max(2000, { error: 'errors.field.tooLong' }).optional().default('')
const StepSchema = z.object({
  kind: z.enum([
    'startDiligence',
    'completeDiligence',
    'raloAdvice',
    'alacDecision',
    'openReview',
    'passReview',
    'withdraw',
    'decertify',
  ]),
  note: NoteSchema,
  documentUrl: OptionalWebsiteSchema,
  advice: z.enum(RALO_ADVICE, { error: 'errors.structure.adviceRequired' }).optional(),
  decision: z.enum(['accredit', 'reject'], { error: 'errors.structure.decisionRequired' }).optional(),
  reference: z.string().trim().max(200, { error: 'errors.field.tooLong' }).optional().default(''),
  decidedOn: DateSchema.optional(),
  /** Finishing due diligence with criteria not met: staff say they know the RALO and the applicant will see it. */
  acknowledgeNotMet: z.literal('yes').optional(),
})
const CheckSchema = z.object({ criterionId: IdSchema, met: z.enum(['yes', 'no']), note: NoteSchema })
const RequestSchema = z.object({
  requestId: IdSchema,
  decision: z.enum(['confirm', 'decline'], { error: 'errors.affiliation.decisionRequired' }),
  note: NoteSchema,
})
const REQUEST_ERRORS = {
  notFound: [404, 'errors.notFoundNothingChanged'],
  notPending: [409, 'errors.affiliation.notPending'],
  notAccepting: [409, 'errors.affiliation.notAcceptingStaff'],
  noContact: [409, 'errors.affiliation.noContact'],
} as const

function toAction(v: z.infer<typeof StepSchema>): AccreditationAction | { error: [string, string] } {
  switch (v.kind) {
    case 'raloAdvice':
      return v.advice
        ? { kind: 'raloAdvice', advice: v.advice }
        : { error: ['advice', 'errors.structure.adviceRequired'] }
    case 'alacDecision':
      if (!v.decision) return { error: ['decision', 'errors.structure.decisionRequired'] }
      if (!v.decidedOn) return { error: ['decidedOn', 'errors.field.date'] }
      return { kind: 'alacDecision', decision: v.decision, reference: v.reference, decidedOn: v.decidedOn }
    case 'decertify':
      if (!v.decidedOn) return { error: ['decidedOn', 'errors.field.date'] }
      return { kind: 'decertify', reference: v.reference, decidedOn: v.decidedOn }
    case 'completeDiligence':
      return { kind: 'completeDiligence', acknowledgeNotMet: v.acknowledgeNotMet === 'yes' }
    default:
      return { kind: v.kind }
  }
}

const STEP_ERRORS = {
  notFound: ['form', 'errors.notFoundNothingChanged'],
  forbidden: ['form', 'errors.structure.forbidden'],
  invalidTransition: ['form', 'errors.structure.invalidTransition'],
  checklistIncomplete: ['form', 'errors.structure.checklistIncomplete'],
  notMetUnacknowledged: ['acknowledgeNotMet', 'errors.structure.notMetUnacknowledged'],
  referenceRequired: ['reference', 'errors.structure.referenceRequired'],
  reasonRequired: ['note', 'errors.structure.reasonRequired'],
  decidedInFuture: ['decidedOn', 'errors.structure.decidedInFuture'],
} as const

/** The steps whose notice tells staff the contact was mailed: said otherwise when the structure has none. */
const TOLD_CONTACT = new Set<ActionKind>(['startDiligence', 'alacDecision', 'openReview', 'decertify'])

export async function action({ request, params }: ActionFunctionArgs) {
  const { person: staff } = await requireViewer(request, { role: 'staff' })
  const id = idParam(params.id)
  const db = getDb()
  const form = await readForm(request)
  const here = `/staff/structures/${id}`
  const fail = (errors: Record<string, string[]>, status = 400, kind: string | null = null) =>
    data({ errors, kind }, { status })
  switch (form.get('intent')) {
    case 'details': {
      const parsed = parseForm(StructureSchema, form)
      if (!parsed.ok) return fail(parsed.errors as Record<string, string[]>)
      const result = updateStructure(db, { id, fields: structureFields(parsed.data) }, { actorId: staff.id })
      if (!result.ok) {
        const [field, key] = STRUCTURE_ERRORS[result.error]
        return fail({ [field]: [key] }, result.error === 'notFound' ? 404 : 409)
      }
      return redirectWithNotice(request, here, 'notices.structure.saved')
    }
    case 'check': {
      const parsed = parseForm(CheckSchema, form)
      if (!parsed.ok) return fail(parsed.errors as Record<string, string[]>, 400, 'check')
      const { criterionId, met, note } = parsed.data
      const result = setCheck(db, { structureId: id, criterionId, met: met === 'yes', note }, { actorId: staff.id })
      if (!result.ok) return fail({ form: [STEP_ERRORS[result.error][1]] }, result.error === 'notFound' ? 404 : 409)
      return redirectWithNotice(request, `${here}#checklist`, 'notices.structure.checked')
    }
    case 'step': {
      const parsed = parseForm(StepSchema, form)
      const kind = String(form.get('kind') ?? '')
      if (!parsed.ok) return fail(parsed.errors as Record<string, string[]>, 400, kind)
      const act = toAction(parsed.data)
      if ('error' in act) return fail({ [act.error[0]]: [act.error[1]] }, 400, kind)
      // Withdrawing and decertifying cannot be undone: the form asks once.
      if ((act.kind === 'withdraw' || act.kind === 'decertify') && !isConfirmed(form)) {
        return fail({ confirm: ['errors.structure.confirmStep'] }, 400, kind)
      }
      const result = recordStep(
        db,
        { structureId: id, action: act, note: parsed.data.note, documentUrl: parsed.data.documentUrl },
        { actor: staff, baseUrl: baseUrl() },
      )
      if (!result.ok) {
        const [field, key] = STEP_ERRORS[result.error]
        const status = result.error === 'forbidden' ? 403 : result.error === 'decidedInFuture' ? 400 : 409
        return fail({ [field]: [key] }, status, kind)
      }
      const told = result.mailed || !TOLD_CONTACT.has(parsed.data.kind)
      return redirectWithNotice(
        request,
        here,
        told ? `notices.structure.steps.${parsed.data.kind}` : `notices.structure.stepsNoContact.${parsed.data.kind}`,
      )
    }
    // Someone asks to represent this structure: staff decide (the person is mailed the outcome).
    case 'decide-request': {
      const parsed = parseForm(RequestSchema, form)
      const requestId = Number(form.get('requestId')) || null
      if (!parsed.ok) return data({ errors: parsed.errors, kind: 'request', requestId }, { status: 400 })
      const result = decideAffiliation(
        db,
        { requestId: parsed.data.requestId, structureId: id, decision: parsed.data.decision, note: parsed.data.note },
        { actorId: staff.id, baseUrl: baseUrl() },
      )
      if (!result.ok) {
        const [status, key] = REQUEST_ERRORS[result.error]
        return data({ errors: { form: [key] }, kind: 'request', requestId }, { status })
      }
      return redirectWithNotice(
        request,
        `${here}#requests`,
        parsed.data.decision === 'confirm' ? 'notices.affiliation.staffConfirmed' : 'notices.affiliation.staffDeclined',
      )
    }
    case 'mail-contact': {
      const requestId = IdSchema.safeParse(form.get('requestId') ?? '')
      if (!requestId.success) return fail({ form: ['errors.field.invalid'] })
      const result = mailContactAgain(
        db,
        { requestId: requestId.data, structureId: id },
        { actorId: staff.id, baseUrl: baseUrl() },
      )
      if (!result.ok) {
        const [status, key] = REQUEST_ERRORS[result.error]
        return data({ errors: { form: [key] }, kind: 'request', requestId: requestId.data }, { status })
      }
      return redirectWithNotice(request, `${here}#requests`, 'notices.affiliation.mailed')
    }
    default:
      return fail({ form: ['errors.field.invalid'] })
  }
}

export default function StructurePage() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>() as
    { errors: Record<string, string[]>; kind: string | null; requestId?: number | null } | undefined
  const busy = useNavigation().state !== 'idle'
  const s = d.structure
  const stepErrors = (kind: ActionKind) => (a?.kind === kind ? a.errors : undefined)
  const err = (errors: Record<string, string[]> | undefined, k: string) =>
    errors?.[k] ? (
      <span className="field-error" id={`${k}-error`}>
        {errors[k].map((e) => t(`common:${e}`)).join(' ')}
      </span>
    ) : null
  const unchecked = d.checklist.filter((c) => c.met === null).length
  const notMet = d.checklist.filter((c) => c.met === false)
  // Under review: whether the contact answered the review's link since it was opened, and changed anything.
  const opened = s.history.find((h) => h.step === 'review_opened')?.changedAt
  const latest = d.confirmations[0]
  const answered =
    s.accreditationStatus === 'under_review' && opened && latest && new Date(latest.confirmedAt) >= new Date(opened)
      ? {
          confirmedAt: latest.confirmedAt,
          changed: Object.keys(latest.fields).length > 0 || latest.contact !== null || latest.leaving.length > 0,
        }
      : null
  const answerOf = (c: { answer: string | null }) =>
    c.answer ? (
      <div className="answer">
        <span className="hint">{t('structures.applicantSays')}</span>
        <p className="break pre-line">{c.answer}</p>
      </div>
    ) : (
      <p className="hint">{t('structures.noAnswer')}</p>
    )
  return (
    <>
      <p>
        <Link to="/staff/structures">← {t('structures.title')}</Link>
      </p>
      <h1>{s.name}</h1>
      <p>
        <span className={STATUS_BADGE[s.accreditationStatus]}>{t(`structures.statuses.${s.accreditationStatus}`)}</span>{' '}
        {s.regionCode} · {countryName(s.country, d.language)}
        {s.website ? (
          <>
            {' · '}
            <a href={s.website} rel="noopener noreferrer nofollow">
              {s.website}
            </a>
          </>
        ) : null}
      </p>
      {a?.errors.form && !a.kind ? (
        <p className="error-summary" role="alert">
          {a.errors.form.map((e) => t(`common:${e}`)).join(' ')}
        </p>
      ) : null}

      {d.requests.length ? (
        <section aria-labelledby="requests">
          <h2 id="requests">{t('structures.requests.title', { count: d.requests.length })}</h2>
          <p className="hint">
            {s.contact
              ? t('structures.requests.intro', { contact: s.contact.name })
              : t('structures.requests.introNoContact')}
          </p>
          <div className="card-list">
            {d.requests.map((r) => {
              const e = a?.kind === 'request' && a.requestId === r.id ? a.errors : undefined
              return (
                <section key={r.id} className="card stack" aria-labelledby={`request-${r.id}`}>
                  <h3 id={`request-${r.id}`}>
                    <Link to={`/staff/people/${r.personId}`}>{r.name}</Link>
                  </h3>
                  <p className="break">
                    {r.email} · {r.regionCode ?? '—'} · {t(`common:memberTypes.${r.memberType}`)}
                  </p>
                  <p className="hint">
                    {t(`structures.requests.sources.${r.source}`, {
                      date: formatDate(r.requestedAt, d.language, d.timeZone),
                    })}{' '}
                    {r.mailedAt
                      ? r.expiresAt && r.expiresAt.getTime() > Date.now()
                        ? t('structures.requests.mailed', {
                            contact: r.mailedTo ?? '—',
                            date: formatDate(r.mailedAt, d.language, d.timeZone),
                          })
                        : t('structures.requests.expired', {
                            contact: r.mailedTo ?? '—',
                            date: formatDate(r.mailedAt, d.language, d.timeZone),
                          })
                      : t('structures.requests.notMailed')}
                  </p>
                  {e?.form ? (
                    <p className="error-summary" role="alert">
                      {e.form.map((x) => t(`common:${x}`)).join(' ')}
                    </p>
                  ) : null}
                  <Form method="post" className="stack" aria-labelledby={`request-${r.id}`}>
                    <input type="hidden" name="intent" value="decide-request" />
                    <input type="hidden" name="requestId" value={r.id} />
                    <fieldset
                      aria-invalid={Boolean(e?.decision)}
                      aria-describedby={e?.decision ? `decision-${r.id}-error` : undefined}
                    >
                      <legend>{t('structures.requests.decision')}</legend>
                      <label className="choice">
                        <input type="radio" name="decision" value="confirm" required />{' '}
                        <span>{t('structures.requests.confirm', { name: s.name })}</span>
                      </label>
                      <label className="choice">
                        <input type="radio" name="decision" value="decline" />{' '}
                        <span>{t('structures.requests.decline')}</span>
                      </label>
                      {e?.decision ? (
                        <span className="field-error" id={`decision-${r.id}-error`}>
                          {e.decision.map((x) => t(`common:${x}`)).join(' ')}
                        </span>
                      ) : null}
                    </fieldset>
                    <div className="field">
                      <label htmlFor={`request-note-${r.id}`}>{t('structures.requests.note')}</label>
                      <input id={`request-note-${r.id}`} name="note" type="text" maxLength={2000} />
                    </div>
                    <p>
                      <button type="submit" className="small" disabled={busy}>
                        {t('structures.requests.submit')}
                      </button>
                    </p>
                  </Form>
                  {s.contact ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="mail-contact" />
                      <input type="hidden" name="requestId" value={r.id} />
                      <button type="submit" className="small secondary" disabled={busy}>
                        {r.mailedAt
                          ? t('structures.requests.mailAgain', { contact: s.contact.name })
                          : t('structures.requests.mailContact', { contact: s.contact.name })}
                      </button>
                    </Form>
                  ) : null}
                </section>
              )
            })}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="accreditation">
        <h2 id="accreditation">{t('structures.accreditation')}</h2>
        <p className="hint">{t(`structures.nextHints.${s.accreditationStatus}`)}</p>
        {answered ? (
          <p className={answered.changed ? 'notice warn' : 'notice'}>
            {t(answered.changed ? 'structures.confirmations.answeredChanged' : 'structures.confirmations.answered', {
              date: formatDate(answered.confirmedAt, d.language, d.timeZone),
            })}{' '}
            <a href="#confirmations">{t('structures.confirmations.see')}</a>
          </p>
        ) : null}

        {s.accreditationStatus === 'due_diligence' ? (
          <div id="checklist" className="stack">
            <h3>{t('structures.checklist', { count: unchecked })}</h3>
            {a?.kind === 'check' && a.errors.form ? (
              <p className="error-summary" role="alert">
                {a.errors.form.map((e) => t(`common:${e}`)).join(' ')}
              </p>
            ) : null}
            {notMet.length ? (
              <p className="notice warn">{t('structures.notMetSoFar', { count: notMet.length })}</p>
            ) : null}
            <ol className="card-list checklist">
              {d.checklist.map((c) => (
                <li key={c.id} className="card">
                  <Form method="post" className="stack wide" aria-label={loc(c.text, d.language)}>
                    <input type="hidden" name="intent" value="check" />
                    <input type="hidden" name="criterionId" value={c.id} />
                    <fieldset>
                      <legend>{loc(c.text, d.language)}</legend>
                      {answerOf(c)}
                      <div className="choices-inline">
                        <label className="choice">
                          <input type="radio" name="met" value="yes" defaultChecked={c.met === true} required />{' '}
                          <span>{t('structures.met')}</span>
                        </label>
                        <label className="choice">
                          <input type="radio" name="met" value="no" defaultChecked={c.met === false} />{' '}
                          <span>{t('structures.notMet')}</span>
                        </label>
                      </div>
                    </fieldset>
                    <div className="field">
                      <label htmlFor={`check-note-${c.id}`}>{t('structures.checkNote')}</label>
                      <input id={`check-note-${c.id}`} name="note" type="text" defaultValue={c.note ?? ''} />
                    </div>
                    <p>
                      <button type="submit" className="small secondary" disabled={busy}>
                        {t('structures.saveCheck')}
                      </button>{' '}
                      {c.checkedAt ? (
                        <span className="hint">
                          {t('structures.checkedOn', { date: formatDate(c.checkedAt, d.language, d.timeZone) })}
                        </span>
                      ) : null}
                    </p>
                  </Form>
                </li>
              ))}
            </ol>
          </div>
        ) : d.checklist.some((c) => c.met !== null || c.answer) ? (
          <details className="card step-card" id="checklist">
            <summary>
              <h3>{t('structures.checksAndAnswers')}</h3>
            </summary>
            <ol className="plain-list">
              {d.checklist.map((c) => (
                <li key={c.id} className="stack-sm">
                  <p>
                    <strong>{loc(c.text, d.language)}</strong>{' '}
                    {c.met === null ? null : (
                      <span className={c.met ? 'badge ok' : 'badge bad'}>
                        {c.met ? t('structures.met') : t('structures.notMet')}
                      </span>
                    )}
                  </p>
                  {answerOf(c)}
                  {c.note ? <p className="hint break">{t('structures.staffNote', { note: c.note })}</p> : null}
                </li>
              ))}
            </ol>
          </details>
        ) : null}

        {d.actions.length === 0 ? <p>{t('structures.noNextStep')}</p> : null}
        {d.actions.map((kind, i) => {
          const e = stepErrors(kind)
          const danger = kind === 'withdraw' || kind === 'decertify'
          // The usual next step is open; the others (and the irreversible ones) unfold on demand.
          return (
            <details key={kind} className="card step-card" open={(i === 0 && !danger) || Boolean(e)}>
              <summary>
                <h3 id={`step-${kind}`}>{t(`structures.steps.${kind}.title`)}</h3>
              </summary>
              <Form method="post" className="stack" aria-labelledby={`step-${kind}`}>
                <p className="hint">{t(`structures.steps.${kind}.hint`)}</p>
                {e?.form ? (
                  <p className="error-summary" role="alert">
                    {e.form.map((x) => t(`common:${x}`)).join(' ')}
                  </p>
                ) : null}
                <input type="hidden" name="intent" value="step" />
                <input type="hidden" name="kind" value={kind} />
                {kind === 'raloAdvice' ? (
                  <fieldset aria-invalid={Boolean(e?.advice)} aria-describedby={e?.advice ? 'advice-error' : undefined}>
                    <legend>{t('structures.advice')}</legend>
                    {RALO_ADVICE.map((v) => (
                      <label key={v} className="choice">
                        <input type="radio" name="advice" value={v} required />{' '}
                        <span>{t(`structures.advices.${v}`)}</span>
                      </label>
                    ))}
                    {err(e, 'advice')}
                  </fieldset>
                ) : null}
                {kind === 'alacDecision' ? (
                  <fieldset aria-invalid={Boolean(e?.decision)}>
                    <legend>{t('structures.decision')}</legend>
                    {(['accredit', 'reject'] as const).map((v) => (
                      <label key={v} className="choice">
                        <input type="radio" name="decision" value={v} required />{' '}
                        <span>{t(`structures.decisions.${v}`)}</span>
                      </label>
                    ))}
                    {err(e, 'decision')}
                  </fieldset>
                ) : null}
                {kind === 'completeDiligence' && notMet.length ? (
                  <div className="notice warn stack-sm">
                    <p>{t('structures.notMetWarning', { count: notMet.length })}</p>
                    <ul>
                      {notMet.map((c) => (
                        <li key={c.id}>{loc(c.text, d.language)}</li>
                      ))}
                    </ul>
                    <label className="choice">
                      <input
                        type="checkbox"
                        name="acknowledgeNotMet"
                        value="yes"
                        required
                        aria-invalid={Boolean(e?.acknowledgeNotMet)}
                        aria-describedby={e?.acknowledgeNotMet ? 'acknowledgeNotMet-error' : undefined}
                      />{' '}
                      <span>{t('structures.acknowledgeNotMet', { count: notMet.length })}</span>
                    </label>
                    {err(e, 'acknowledgeNotMet')}
                  </div>
                ) : null}
                {kind === 'alacDecision' || kind === 'decertify' ? (
                  <div className="field-grid">
                    <div className="field">
                      <label htmlFor={`${kind}-reference`}>{t('structures.reference')}</label>
                      <input
                        id={`${kind}-reference`}
                        name="reference"
                        type="text"
                        required
                        aria-invalid={Boolean(e?.reference)}
                      />
                      {err(e, 'reference')}
                    </div>
                    <div className="field">
                      <label htmlFor={`${kind}-decidedOn`}>{t('structures.decidedOn')}</label>
                      <input
                        id={`${kind}-decidedOn`}
                        name="decidedOn"
                        type="date"
                        max={d.today}
                        required
                        aria-invalid={Boolean(e?.decidedOn)}
                      />
                      {err(e, 'decidedOn')}
                    </div>
                  </div>
                ) : null}
                <div className="field">
                  <label htmlFor={`${kind}-note`}>
                    {kind === 'decertify' ? t('structures.reason') : t('structures.note')}
                  </label>
                  <textarea
                    id={`${kind}-note`}
                    name="note"
                    rows={2}
                    required={kind === 'decertify'}
                    aria-invalid={Boolean(e?.note)}
                  />
                  {err(e, 'note')}
                </div>
                <div className="field">
                  <label htmlFor={`${kind}-doc`}>{t('structures.document')}</label>
                  <input
                    id={`${kind}-doc`}
                    name="documentUrl"
                    type="text"
                    inputMode="url"
                    aria-invalid={Boolean(e?.documentUrl)}
                  />
                  {err(e, 'documentUrl')}
                </div>
                {danger ? (
                  <ConfirmCheck
                    label={t(`structures.steps.${kind}.${s.contact ? 'confirm' : 'confirmNoContact'}`, {
                      name: s.name,
                      count: s.members.length,
                      contact: s.contact?.name ?? '',
                    })}
                    error={e?.confirm ? e.confirm.map((x) => t(`common:${x}`)).join(' ') : null}
                  />
                ) : null}
                <p>
                  <button type="submit" className={danger ? 'danger' : undefined} disabled={busy}>
                    {t(`structures.steps.${kind}.button`)}
                  </button>
                </p>
              </Form>
            </details>
          )
        })}
      </section>

      {d.confirmations.length ? (
        <section aria-labelledby="confirmations">
          <h2 id="confirmations">{t('structures.confirmations.title')}</h2>
          <ol className="card-list checklist">
            {d.confirmations.map((c, i) => {
              const fields = Object.entries(c.fields) as [
                'name' | 'country' | 'website' | 'description',
                { from: string | null; to: string | null },
              ][]
              const shown = (field: string, v: string | null) =>
                v === null ? t('structures.confirmations.empty') : field === 'country' ? countryName(v, d.language) : v
              const changed = fields.length > 0 || c.contact !== null || c.leaving.length > 0
              return (
                <li key={c.id} className="card stack-sm">
                  <h3>
                    {t('structures.confirmations.on', {
                      date: formatDateTime(c.confirmedAt, d.language, d.timeZone),
                      name: c.by?.name ?? t('structures.confirmations.someone'),
                    })}{' '}
                    {i === 0 && changed ? (
                      <span className="badge warn">{t('structures.confirmations.changed')}</span>
                    ) : null}
                  </h3>
                  {c.activity ? (
                    <div className="answer">
                      <span className="hint">{t('structures.confirmations.activity')}</span>
                      <p className="break pre-line">{c.activity}</p>
                    </div>
                  ) : null}
                  {changed ? (
                    <dl className="changes">
                      {fields.map(([field, change]) => (
                        <div key={field}>
                          <dt>{t(`structures.confirmations.fields.${field}`)}</dt>
                          <dd className="break">
                            <del>{shown(field, change.from)}</del> → <ins>{shown(field, change.to)}</ins>
                          </dd>
                        </div>
                      ))}
                      {c.contact ? (
                        <div>
                          <dt>{t('structures.confirmations.fields.contact')}</dt>
                          <dd>
                            <del>{c.contact.from?.name ?? t('structures.confirmations.empty')}</del> →{' '}
                            <ins>
                              {c.contact.to?.name ? (
                                <Link to={`/staff/people/${c.contact.to.id}`}>{c.contact.to.name}</Link>
                              ) : (
                                '—'
                              )}
                            </ins>
                          </dd>
                        </div>
                      ) : null}
                      {c.leaving.length ? (
                        <div>
                          <dt>{t('structures.confirmations.leaving', { count: c.leaving.length })}</dt>
                          <dd>
                            {c.leaving.map((p, j) => (
                              <span key={p.id}>
                                {j ? ', ' : ''}
                                {p.name ? <Link to={`/staff/people/${p.id}`}>{p.name}</Link> : '—'}
                              </span>
                            ))}
                          </dd>
                        </div>
                      ) : null}
                    </dl>
                  ) : (
                    <p className="hint">{t('structures.confirmations.noChange')}</p>
                  )}
                </li>
              )
            })}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="history">
        <h2 id="history">{t('structures.history')}</h2>
        <ol className="timeline">
          {s.history.map((h) => (
            <li key={h.id}>
              <strong>{t(`structures.historySteps.${h.step}`)}</strong>{' '}
              <span className="hint">
                {formatDateTime(h.changedAt, d.language, d.timeZone)}
                {h.by ? ` · ${h.by}` : ''}
              </span>
              {h.advice ? <div>{t(`structures.advices.${h.advice}`)}</div> : null}
              {h.reference ? (
                <div>
                  {h.decidedOn
                    ? t('structures.resolution', { reference: h.reference, date: formatDay(h.decidedOn, d.language) })
                    : t('structures.resolutionUndated', { reference: h.reference })}
                </div>
              ) : null}
              {h.note ? <div className="break">{h.note}</div> : null}
              {h.documentUrl ? (
                <div>
                  <a href={h.documentUrl} rel="noopener noreferrer nofollow" className="break">
                    {t('structures.documentLink')}
                  </a>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="people">
        <h2 id="people">{t('structures.people', { count: s.members.length })}</h2>
        {s.contact ? (
          <p>
            {t('structures.contactIs')} <Link to={`/staff/people/${s.contact.id}`}>{s.contact.name}</Link>{' '}
            <span className="break">&lt;{s.contact.email}&gt;</span>
          </p>
        ) : (
          <p>{t('structures.noContact')}</p>
        )}
        {s.members.length ? (
          <ul>
            {s.members.map((m) => (
              <li key={m.id}>
                <Link to={`/staff/people/${m.id}`}>{m.name}</Link> — {t(`common:memberTypes.${m.memberType}`)}
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="details">
        <h2 id="details">{t('structures.details')}</h2>
        <StructureForm
          values={{
            name: s.name,
            nameFr: s.localNames?.fr ?? '',
            nameEs: s.localNames?.es ?? '',
            regionCode: s.regionCode,
            country: countryName(s.country, d.language),
            site: s.website ?? '',
            description: s.description ?? '',
            contactEmail: s.contact?.email ?? '',
          }}
          countries={d.countries}
          errors={a && !a.kind ? a.errors : undefined}
          submit={t('structures.save')}
        />
      </section>

      <Timeline
        title={t('structures.timeline')}
        empty={t('structures.noActivity')}
        timeline={d.timeline}
        language={d.language}
        timeZone={d.timeZone}
      />
    </>
  )
}
