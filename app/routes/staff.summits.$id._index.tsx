import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { FUNDING_DECISIONS, LANGUAGES, PARTICIPATION_STATUSES, REGION_CODES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { LineProblems } from '~/components/LineProblems'
import { ScrollRegion } from '~/components/ScrollRegion'
import { baseUrl } from '~/guards.server'
import { formatNumber, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField } from '~/lib/params.server'
import type { LineProblem } from '~/lib/pasted-emails'
import { staffSummit } from '~/lib/staff-summit.server'
import { createPeopleFromLines } from '~/services/people/record.server'
import {
  allowedStatuses,
  nominate,
  regionBalance,
  roster,
  setFunding,
  setStatus,
} from '~/services/summits/roster.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation', 'summits'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'summits', data?.summit.title)

const oneOf = <T extends readonly string[]>(values: T, v: string | null) =>
  (values as readonly string[]).includes(v ?? '') ? (v as T[number]) : null

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, db, id, summit } = await staffSummit(request, params)
  const q = new URL(request.url).searchParams
  const filters = {
    regionCode: oneOf(REGION_CODES, q.get('region')),
    status: oneOf(PARTICIPATION_STATUSES, q.get('status')),
    funding: oneOf(FUNDING_DECISIONS, q.get('funding')),
    language: oneOf(LANGUAGES, q.get('language')),
    q: (q.get('q') ?? '').trim().slice(0, 100) || null,
  }
  const rows = roster(db, id, filters).map((r) => ({ ...r, next: allowedStatuses(r.status) }))
  return {
    summit: { id, title: summit.title, slug: summit.slug },
    balance: regionBalance(db, id),
    rows,
    filters,
    language,
  }
}

const FundingSchema = z.object({
  participationId: z.coerce.number().int().positive(),
  funding: z.enum(FUNDING_DECISIONS, { error: 'errors.field.invalid' }),
  reason: z
    .string()
    .trim()
    .max(500, { error: 'errors.field.tooLong' })
    .refine((v) => !/[\r\n]/.test(v), { error: 'errors.newsletter.lineBreak' }),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const { staff, db, id } = await staffSummit(request, params)
  const form = await request.formData()
  const here = `/staff/summits/${id}`
  const fail = (errors: Record<string, string[]>, status = 400) =>
    data({ errors, nominated: null as null | { added: number; already: number; failed: LineProblem[] } }, { status })
  switch (form.get('intent')) {
    case 'nominate': {
      const text = String(form.get('emails') ?? '').slice(0, 50_000)
      if (!text.trim()) return fail({ emails: ['errors.webinar.noEmails'] })
      if (form.get('createUnknown') === 'yes') createPeopleFromLines(db, { text }, { actorId: staff.id })
      const result = nominate(db, { summitId: id, text }, { actorId: staff.id, baseUrl: baseUrl() })
      return data(
        { errors: null, nominated: result },
        { status: result.added === 0 && result.already === 0 ? 400 : 200 },
      )
    }
    case 'status': {
      const status = oneOf(PARTICIPATION_STATUSES, String(form.get('status')))
      if (!status) return fail({ status: ['errors.field.invalid'] })
      const result = setStatus(
        db,
        { summitId: id, participationId: idField(form.get('participationId')) ?? 0, status },
        { actorId: staff.id, baseUrl: baseUrl() },
      )
      if (!result.ok)
        return fail({ status: [`errors.summit.${result.error}`] }, result.error === 'notFound' ? 404 : 409)
      return redirectWithNotice(request, `${here}${new URL(request.url).search}`, 'notices.summit.statusSaved')
    }
    case 'funding': {
      const parsed = FundingSchema.safeParse({
        participationId: form.get('participationId'),
        funding: form.get('funding'),
        reason: form.get('reason') ?? '',
      })
      if (!parsed.success) return fail(z.flattenError(parsed.error).fieldErrors as Record<string, string[]>)
      if (parsed.data.funding === 'not_funded' && !parsed.data.reason)
        return fail({ reason: ['errors.summit.reasonNeeded'] })
      const result = setFunding(db, { summitId: id, ...parsed.data }, { actorId: staff.id, baseUrl: baseUrl() })
      if (!result.ok) return fail({ funding: ['errors.summit.notFound'] }, 404)
      return redirectWithNotice(request, `${here}${new URL(request.url).search}`, 'notices.summit.fundingSaved')
    }
    default:
      return fail({ form: ['errors.form.rejected'] })
  }
}

export default function SummitRoster() {
  const { t } = useTranslation('summits')
  const { summit, balance, rows, filters, language } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const errors = a?.errors ?? undefined
  const n = (x: number) => formatNumber(x, language)
  const pct = (x: number) => new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(x)
  const tc = (keys?: string[]) => keys?.map((k) => t(`common:${k}`)).join(' ')
  return (
    <>
      <h1>{summit.title}</h1>
      <p>
        <Link to="/staff/summits">{t('summits.back')}</Link> ·{' '}
        <Link to={`/staff/summits/${summit.id}/check-in`}>{t('summits.checkIn')}</Link> ·{' '}
        <Link to={`/staff/summits/${summit.id}/travel`}>{t('summits.travel')}</Link> ·{' '}
        <Link to={`/staff/summits/${summit.id}/groups`}>{t('summits.groups')}</Link> ·{' '}
        <Link to={`/staff/summits/${summit.id}/programme`}>{t('summits.programme')}</Link> ·{' '}
        <Link to={`/staff/summits/${summit.id}/logistics`}>{t('summits.logistics')}</Link> ·{' '}
        <a href={`/staff/summits/${summit.id}/roster.csv`} download>
          {t('summits.rosterCsv')}
        </a>
      </p>
      <section aria-labelledby="balance">
        <h2 id="balance">{t('summits.balance')}</h2>
        <ScrollRegion>
          <table>
            <caption className="visually-hidden">{t('summits.balance')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('participation:participation.region')}</th>
                <th scope="col" className="num">
                  {t('summits.activeCount')}
                </th>
                <th scope="col" className="num">
                  {t('summits.confirmedCount')}
                </th>
                <th scope="col" className="num">
                  {t('summits.share')}
                </th>
              </tr>
            </thead>
            <tbody>
              {balance.map((b) => (
                <tr key={b.regionCode} className={b.unbalanced ? 'overdue' : undefined}>
                  <th scope="row">
                    {b.regionCode} {b.unbalanced ? <span className="badge warn">{t('summits.unbalanced')}</span> : null}
                  </th>
                  <td className="num">{n(b.active)}</td>
                  <td className="num">{n(b.confirmed)}</td>
                  <td className="num">{pct(b.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section aria-labelledby="nominate">
        <h2 id="nominate">{t('summits.nominate')}</h2>
        {a?.nominated ? (
          <div className="notice" role="status">
            <p>{t('summits.nominatedResult', { added: a.nominated.added, already: a.nominated.already })}</p>
            <LineProblems failed={a.nominated.failed} createWith={{ intent: 'nominate', field: 'emails' }} />
          </div>
        ) : null}
        <Form method="post" className="stack wide">
          <input type="hidden" name="intent" value="nominate" />
          <Field
            name="emails"
            label={t('summits.emails')}
            hint={t('participation:statements.emailsHint')}
            errors={errors?.emails}
          >
            {(p) => <textarea {...p} rows={4} />}
          </Field>
          <div>
            <button type="submit">{t('summits.nominateButton')}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="roster">
        <h2 id="roster">{t('summits.roster')}</h2>
        <Form method="get" className="filters">
          <div className="field">
            <label htmlFor="f-q">{t('summits.search')}</label>
            <input id="f-q" type="search" name="q" defaultValue={filters.q ?? ''} />
          </div>
          {(
            [
              ['region', REGION_CODES, filters.regionCode, (v: string) => v],
              ['status', PARTICIPATION_STATUSES, filters.status, (v: string) => t(`summits.statuses.${v}`)],
              ['funding', FUNDING_DECISIONS, filters.funding, (v: string) => t(`summits.fundings.${v}`)],
              ['language', LANGUAGES, filters.language, (v: string) => languageName(v, language)],
            ] as const
          ).map(([name, values, current, label]) => (
            <div className="field" key={name}>
              <label htmlFor={`f-${name}`}>{t(`summits.filter.${name}`)}</label>
              <select id={`f-${name}`} name={name} defaultValue={current ?? ''}>
                <option value="">{t('summits.any')}</option>
                {values.map((v) => (
                  <option key={v} value={v}>
                    {label(v)}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <div>
            <button type="submit">{t('participation:participation.apply')}</button>
          </div>
        </Form>
        {errors && !errors.emails ? (
          <p className="error-summary" role="alert">
            {tc(Object.values(errors).flat() as string[])}
          </p>
        ) : null}
        <p>{t('summits.shown', { count: rows.length })}</p>
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('summits.name')}</th>
                <th scope="col">{t('participation:participation.region')}</th>
                <th scope="col">{t('participation:participation.structure')}</th>
                <th scope="col">{t('summits.status')}</th>
                <th scope="col">{t('summits.funding')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    {r.name}
                    <br />
                    <span className="muted">
                      {r.email} · {r.language.toUpperCase()}
                    </span>
                  </th>
                  <td>{r.regionCode ?? '—'}</td>
                  <td>{r.structureName ?? '—'}</td>
                  <td>
                    <Form method="post" className="inline-actions">
                      <input type="hidden" name="intent" value="status" />
                      <input type="hidden" name="participationId" value={r.id} />
                      <label htmlFor={`status-${r.id}`} className="visually-hidden">
                        {t('summits.statusOf', { name: r.name })}
                      </label>
                      <select id={`status-${r.id}`} name="status" defaultValue={r.status}>
                        <option value={r.status}>{t(`summits.statuses.${r.status}`)}</option>
                        {r.next.map((s) => (
                          <option key={s} value={s}>
                            {t(`summits.statuses.${s}`)}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="small secondary">
                        {t('summits.save')}
                      </button>
                    </Form>
                  </td>
                  <td>
                    <Form method="post" className="inline-actions">
                      <input type="hidden" name="intent" value="funding" />
                      <input type="hidden" name="participationId" value={r.id} />
                      <label htmlFor={`funding-${r.id}`} className="visually-hidden">
                        {t('summits.fundingOf', { name: r.name })}
                      </label>
                      <select id={`funding-${r.id}`} name="funding" defaultValue={r.funding}>
                        {FUNDING_DECISIONS.map((f) => (
                          <option key={f} value={f}>
                            {t(`summits.fundings.${f}`)}
                          </option>
                        ))}
                      </select>
                      <label htmlFor={`reason-${r.id}`} className="visually-hidden">
                        {t('summits.reasonOf', { name: r.name })}
                      </label>
                      <input
                        id={`reason-${r.id}`}
                        type="text"
                        name="reason"
                        defaultValue={r.fundingReason ?? ''}
                        placeholder={t('summits.reason')}
                      />
                      <button type="submit" className="small secondary">
                        {t('summits.save')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
    </>
  )
}
