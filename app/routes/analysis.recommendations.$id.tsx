import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { RECOMMENDATION_STATUSES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { RecommendationForm } from '~/components/RecommendationForm'
import { RecommendationStatusBadge } from '~/components/RecommendationStatus'
import { readForm } from '~/lib/form.server'
import { formatDate } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idParam } from '~/lib/params.server'
import { parseRecommendationForm, submittedRecommendationValues } from '~/lib/recommendation-form'
import { TrackerError } from '~/lib/tracker'
import {
  getRecommendation,
  nextStatuses,
  recommendationSources,
  setRecommendationStatus,
  updateRecommendation,
} from '~/services/recommendations.server'
import { milestoneChoices } from '~/services/tracker.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'recommendations', data?.recommendation.reference)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { person, language } = await requireViewer(request, { role: ['analyst', 'staff'] })
  const db = getDb()
  const recommendation = getRecommendation(db, idParam(params.id), language)
  if (!recommendation) throw new Response('Not found', { status: 404 })
  const canEdit = person.roles.includes('staff')
  return {
    language,
    canEdit,
    recommendation,
    next: nextStatuses(recommendation.status),
    sources: canEdit ? recommendationSources(db, language) : null,
    summitSlug: recommendation.summitSlug,
    milestones: canEdit ? milestoneChoices(db, language) : [],
  }
}

type ActionData = {
  errors: Record<string, string[] | undefined>
  values?: ReturnType<typeof submittedRecommendationValues>
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { person: staff, language } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const id = idParam(params.id)
  const form = await readForm(request)
  const here = `/analysis/recommendations/${id}`
  const fail = (errors: ActionData['errors'], status = 400, values?: ActionData['values']) =>
    data<ActionData>({ errors, values }, { status })
  if (form.get('intent') === 'status') {
    const status = z.enum(RECOMMENDATION_STATUSES).safeParse(form.get('status'))
    if (!status.success) return fail({ status: ['errors.recommendation.chooseStatus'] })
    const reason = z
      .string()
      .trim()
      .max(2000)
      .safeParse(form.get('reason') ?? '')
    if (!reason.success) return fail({ reason: ['errors.field.tooLong'] })
    const result = setRecommendationStatus(
      db,
      { id, status: status.data, reason: reason.data, language },
      { actorId: staff.id },
    )
    if (!result.ok) {
      if (result.error === 'notFound') throw new Response('Not found', { status: 404 })
      return result.error === 'reason'
        ? fail({ reason: ['errors.recommendation.reason'] })
        : fail({ status: ['errors.recommendation.badTransition'] }, 409)
    }
    return redirectWithNotice(request, here, 'notices.recommendation.status')
  }
  if (form.get('intent') === 'save') {
    const values = submittedRecommendationValues(form)
    const parsed = parseRecommendationForm(form)
    if (!parsed.ok) return fail(parsed.errors, 400, values)
    try {
      const result = updateRecommendation(db, id, parsed.data, { actorId: staff.id })
      if (!result) throw new Response('Not found', { status: 404 })
      if (!result.ok)
        return fail(
          { [result.error === 'source' ? 'source' : 'milestoneIds']: [`errors.recommendation.${result.error}`] },
          400,
          values,
        )
    } catch (e) {
      if (e instanceof TrackerError) return fail({ reference: ['errors.recommendation.referenceTaken'] }, 409, values)
      throw e
    }
    return redirectWithNotice(request, here, 'notices.recommendation.saved')
  }
  return fail({ form: ['errors.form.rejected'] })
}

/** Where a recommendation's source is read: the summit's thematic groups, the survey's results, the tracker's issue. */
function sourcePath(r: { eventId: number | null; source: { kind: string; id: number } }, summitSlug: string | null) {
  // Staff manage the summit's groups; analysts read the summit's public recommendations page.
  if (r.source.kind === 'summit_group')
    return summitSlug ? `/summits/${summitSlug}/recommendations` : `/staff/summits/${r.eventId}/groups`
  if (r.source.kind === 'survey') return `/analysis/surveys/${r.source.id}`
  return `/analysis/tracker#item-${r.source.id}`
}

/** One recommendation: where it comes from, its milestones, its dated history; staff move it on or edit it. */
export default function RecommendationPage() {
  const { t } = useTranslation('participation')
  const { language, canEdit, recommendation: r, next, sources, milestones, summitSlug } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const errors = a?.errors
  const day = (d: Date | string) => formatDate(new Date(d), language, 'UTC')
  const editErrors = errors && !errors.status && !errors.reason ? errors : undefined
  return (
    <>
      <p>
        <Link to="/analysis/recommendations">← {t('recommendations.title')}</Link>
      </p>
      <div className="page-head">
        <h1>{t('recommendations.heading', { reference: r.reference })}</h1>
        <p className="lede" lang={r.text.language}>
          {r.text.text}
          {r.text.fallback ? <span className="muted"> ({t('common:events.inEnglishOnly')})</span> : null}
        </p>
        <p>
          <RecommendationStatusBadge status={r.status} />{' '}
          <span className="muted">{t('recommendations.since', { date: day(r.statusSince) })}</span>
        </p>
      </div>
      {r.rejectionReason ? (
        <p lang={r.rejectionReason.language}>
          <strong>{t('recommendations.reason')}</strong>
          {t('common:colon')}
          {r.rejectionReason.text}
        </p>
      ) : null}
      <dl className="details">
        <dt>{t('recommendations.owner')}</dt>
        <dd>{r.owner}</dd>
        <dt>{t('recommendations.source')}</dt>
        <dd>
          {t(`recommendations.sources.${r.source.kind}`)}
          {t('common:colon')}
          <Link to={sourcePath(r, canEdit ? null : summitSlug)}>{r.source.label}</Link>
        </dd>
      </dl>

      <section aria-labelledby="milestones">
        <h2 id="milestones">{t('recommendations.milestones')}</h2>
        {r.milestones.length ? (
          <ul>
            {r.milestones.map((m) => (
              <li key={m.id}>
                <Link to={`/analysis/tracker#milestone-${m.id}`}>
                  {t('tracker.itemShort', { number: m.itemNumber })} {m.label}) {m.title}
                </Link>{' '}
                · {m.percentComplete} %
                {m.heldOverBy ? (
                  <>
                    {' '}
                    <span className="badge warn">{t('tracker.heldOverBy', { dependency: m.heldOverBy })}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('recommendations.noMilestones')}</p>
        )}
      </section>

      <section aria-labelledby="history">
        <h2 id="history">{t('recommendations.history')}</h2>
        <ol className="history-list">
          {r.history.map((h) => (
            <li key={h.id}>
              <strong>{day(h.changedAt)}</strong> · <RecommendationStatusBadge status={h.status} />
              {h.by ? <span className="muted"> · {h.by}</span> : null}
              {h.note ? (
                <>
                  {' '}
                  · <span lang={h.note.language}>{h.note.text}</span>
                </>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      {canEdit && next.length ? (
        <section aria-labelledby="move">
          <h2 id="move">{t('recommendations.move')}</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="status" />
            <fieldset aria-describedby={errors?.status ? 'status-error' : undefined}>
              <legend>{t('recommendations.newStatus')}</legend>
              {next.map((s, i) => (
                <label key={s} className="check">
                  <input type="radio" name="status" value={s} defaultChecked={i === 0} />{' '}
                  {t(`recommendations.statuses.${s}`)}
                </label>
              ))}
              {errors?.status ? (
                <span id="status-error" className="field-error" role="alert">
                  {t(`common:${errors.status[0]}`)}
                </span>
              ) : null}
            </fieldset>
            <Field
              name="reason"
              label={t('recommendations.reasonLabel')}
              hint={t('recommendations.reasonHint')}
              errors={errors?.reason}
            >
              {(p) => <textarea {...p} rows={3} />}
            </Field>
            <div>
              <button type="submit">{t('recommendations.saveStatus')}</button>
            </div>
          </Form>
        </section>
      ) : null}

      {canEdit && sources ? (
        <section aria-labelledby="edit">
          <h2 id="edit">{t('recommendations.edit')}</h2>
          <RecommendationForm
            language={language}
            sources={sources}
            milestones={milestones}
            errors={editErrors}
            values={
              a?.values ?? {
                reference: r.reference,
                texts: r.texts,
                owner: r.owner,
                source: { kind: r.source.kind, id: r.source.id },
                milestoneIds: r.milestones.map((m) => m.id),
              }
            }
            submitLabel={t('recommendations.save')}
          />
        </section>
      ) : null}
    </>
  )
}
