import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { ScrollRegion } from '~/components/ScrollRegion'
import { baseUrl } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatDate } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { STATUS_BADGE } from '~/lib/structure-form'
import { IdSchema, parseForm } from '~/lib/validation'
import { recordStep } from '~/services/structures/accreditation.server'
import { expectationsReview, listExpectations, saveExpectation } from '~/services/structures/review.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'structuresReview')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const belowOnly = new URL(request.url).searchParams.get('below') === '1'
  const db = getDb()
  const review = expectationsReview(db)
  return {
    ...review,
    rows: belowOnly ? review.rows.filter((r) => r.below) : review.rows,
    belowCount: review.rows.filter((r) => r.below).length,
    all: listExpectations(db),
    belowOnly,
    language,
    timeZone,
  }
}

const ExpectationSchema = z.object({
  id: IdSchema,
  threshold: z.coerce.number({ error: 'errors.field.wholeNumber' }).int().min(1).max(100),
  months: z.coerce.number({ error: 'errors.field.wholeNumber' }).int().min(1).max(60),
  active: z.enum(['yes', 'no']),
})

export async function action({ request }: ActionFunctionArgs) {
  const { person: staff } = await requireViewer(request, { role: 'staff' })
  const form = await readForm(request)
  const db = getDb()
  if (form.get('intent') === 'expectation') {
    const parsed = parseForm(ExpectationSchema, form)
    if (!parsed.ok) return data({ errors: { expectations: ['errors.structure.expectationRange'] } }, { status: 400 })
    const { id, threshold, months, active } = parsed.data
    if (!saveExpectation(db, { id, threshold, months, active: active === 'yes' }, { actorId: staff.id }))
      return data({ errors: { expectations: ['errors.notFoundNothingChanged'] } }, { status: 404 })
    return redirectWithNotice(request, '/staff/structures/review', 'notices.structure.expectationSaved')
  }
  if (form.get('intent') === 'openReviews') {
    const ids = form
      .getAll('structureId')
      .map((v) => IdSchema.safeParse(v))
      .flatMap((r) => (r.success ? [r.data] : []))
    if (ids.length === 0) return data({ errors: { review: ['errors.structure.chooseStructures'] } }, { status: 400 })
    let opened = 0
    let unasked = 0
    for (const id of ids) {
      const r = recordStep(
        db,
        { structureId: id, action: { kind: 'openReview' } },
        { actor: staff, baseUrl: baseUrl() },
      )
      if (r.ok) opened++
      if (r.ok && !r.mailed) unasked++
    }
    return redirectWithNotice(
      request,
      '/staff/structures/review',
      !opened
        ? 'notices.structure.noReviewOpened'
        : unasked
          ? 'notices.structure.reviewsOpenedSomeNoContact'
          : 'notices.structure.reviewsOpened',
    )
  }
  return data({ errors: { review: ['errors.field.invalid'] } }, { status: 400 })
}

export default function Review() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const errors = a?.errors as Record<string, string[] | undefined> | undefined
  const label = (kind: string, threshold: number, months: number) =>
    t(`review.expectations.${kind}`, { count: threshold, months })
  const shortLabel = (kind: string) => {
    const e = d.expectations.find((x) => x.kind === kind)
    return t(`review.short.${kind}`, { count: e?.threshold ?? 1, months: e?.months ?? 12 })
  }
  return (
    <>
      <p>
        <Link to="/staff/structures">← {t('structures.title')}</Link>
      </p>
      <h1>{t('review.title')}</h1>
      <p className="lede">{t('review.lede')}</p>

      <h2>{t('review.expectationsTitle')}</h2>
      {errors?.expectations ? (
        <p className="error-summary" role="alert">
          {errors.expectations.map((e) => t(`common:${e}`)).join(' ')}
        </p>
      ) : null}
      <ul className="cards">
        {d.all.map((e) => (
          <li key={e.id} className="card">
            <Form method="post" className="stack" aria-label={label(e.kind, e.threshold, e.months)}>
              <input type="hidden" name="intent" value="expectation" />
              <input type="hidden" name="id" value={e.id} />
              <strong>{label(e.kind, e.threshold, e.months)}</strong>
              {e.kind === 'confirmed' ? (
                <input type="hidden" name="threshold" value={1} />
              ) : (
                <span className="field">
                  <label htmlFor={`threshold-${e.id}`}>{t('review.threshold')}</label>
                  <input
                    id={`threshold-${e.id}`}
                    name="threshold"
                    type="number"
                    min={1}
                    max={100}
                    defaultValue={e.threshold}
                  />
                </span>
              )}
              <span className="field">
                <label htmlFor={`months-${e.id}`}>{t('review.months')}</label>
                <input id={`months-${e.id}`} name="months" type="number" min={1} max={60} defaultValue={e.months} />
              </span>
              <span className="field">
                <label htmlFor={`active-${e.id}`}>{t('review.inUse')}</label>
                <select id={`active-${e.id}`} name="active" defaultValue={e.active ? 'yes' : 'no'}>
                  <option value="yes">{t('people.yes')}</option>
                  <option value="no">{t('people.no')}</option>
                </select>
              </span>
              <button type="submit" className="secondary small" disabled={busy}>
                {t('review.saveExpectation')}
              </button>
            </Form>
          </li>
        ))}
      </ul>

      <h2>{t('review.structuresTitle')}</h2>
      <p role="status">
        {t('review.belowCount', { count: d.belowCount })}{' '}
        {d.belowOnly ? (
          <Link to="/staff/structures/review">{t('review.showAll')}</Link>
        ) : (
          <Link to="/staff/structures/review?below=1">{t('review.showBelow')}</Link>
        )}
      </p>
      {errors?.review ? (
        <p className="error-summary" role="alert">
          {errors.review.map((e) => t(`common:${e}`)).join(' ')}
        </p>
      ) : null}
      <p className="hint">{t('review.confirmedHint')}</p>
      <Form method="post" className="stack full">
        <input type="hidden" name="intent" value="openReviews" />
        <ScrollRegion label={t('review.structuresTitle')}>
          <table className="card-table review-table">
            <thead>
              <tr>
                <th scope="col">{t('structures.name')}</th>
                {d.expectations.map((e) => (
                  <th scope="col" key={e.id} title={label(e.kind, e.threshold, e.months)}>
                    {t(`review.short.${e.kind}`, { count: e.threshold, months: e.months })}
                  </th>
                ))}
                <th scope="col">{t('review.select')}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/staff/structures/${r.id}`}>{r.name}</Link>
                    <span className="hint">
                      {r.regionCode}{' '}
                      <span className={STATUS_BADGE[r.status]}>{t(`structures.statuses.${r.status}`)}</span>
                    </span>
                  </th>
                  {r.results.map((x) => (
                    <td key={x.kind} className="result" data-label={shortLabel(x.kind)}>
                      <span className={x.met ? 'badge ok' : 'badge bad'}>
                        {x.met ? t('review.met') : t('review.notMet')}
                      </span>{' '}
                      <span className="nowrap">
                        {x.kind === 'confirmed'
                          ? x.confirmedAt
                            ? formatDate(x.confirmedAt, d.language, d.timeZone)
                            : t('review.never')
                          : x.value}
                      </span>
                    </td>
                  ))}
                  <td data-label={t('review.select')}>
                    {r.status === 'accredited' ? (
                      <input
                        type="checkbox"
                        name="structureId"
                        value={r.id}
                        aria-label={t('review.selectOne', { name: r.name })}
                      />
                    ) : (
                      <span className="hint">{t('review.alreadyUnderReview')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        <p>
          <button type="submit" disabled={busy}>
            {t('review.openReviews')}
          </button>
        </p>
      </Form>
    </>
  )
}
