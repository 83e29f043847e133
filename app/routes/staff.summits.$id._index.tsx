import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { FUNDING_DECISIONS, LANGUAGES, PARTICIPATION_STATUSES, REGION_CODES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { Icon } from '~/components/Icon'
import { LineProblems } from '~/components/LineProblems'
import { Pager } from '~/components/Pager'
import { ScrollRegion } from '~/components/ScrollRegion'
import { SectionTabs } from '~/components/SectionTabs'
import { baseUrl } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatNumber, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField } from '~/lib/params.server'
import type { LineProblem } from '~/lib/pasted-emails'
import { staffSummit } from '~/lib/staff-summit.server'
import { createPeopleFromLines } from '~/services/people/record.server'
import {
  allowedStatuses,
  bulkChangeRoster,
  nominate,
  regionBalance,
  rosterPage,
  saveRosterRow,
  setFunding,
  setStatus,
} from '~/services/summits/roster.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation', 'summits'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'summits', data?.summit.title)

const oneOf = <T extends readonly string[]>(values: T, v: string | null) =>
  (values as readonly string[]).includes(v ?? '') ? (v as T[number]) : null

const PAGE_SIZE = 50

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
  const { page, pages, total, rows: shown } = rosterPage(db, id, filters, { page: q.get('page'), size: PAGE_SIZE })
  const rows = shown.map(
    ({ id: rowId, name, email, language: lang, regionCode, structureName, status, funding, fundingReason }) => ({
      id: rowId,
      name,
      email,
      language: lang,
      regionCode,
      structureName,
      status,
      funding,
      fundingReason,
      next: allowedStatuses(status),
    }),
  )
  return {
    summit: { id, title: summit.title, slug: summit.slug },
    balance: regionBalance(db, id),
    rows,
    total,
    page,
    pages,
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
  const form = await readForm(request)
  const here = `/staff/summits/${id}`
  const fail = (errors: Record<string, string[]>, status = 400) =>
    data(
      {
        errors,
        nominated: null as null | { added: number; already: number; failed: LineProblem[] },
        bulk: null as null | { changed: number; skipped: number },
      },
      { status },
    )
  switch (form.get('intent')) {
    case 'nominate': {
      const text = String(form.get('emails') ?? '').slice(0, 50_000)
      if (!text.trim()) return fail({ emails: ['errors.webinar.noEmails'] })
      if (form.get('createUnknown') === 'yes') createPeopleFromLines(db, { text }, { actorId: staff.id })
      const result = nominate(db, { summitId: id, text }, { actorId: staff.id, baseUrl: baseUrl() })
      return data(
        { errors: null, nominated: result, bulk: null },
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
    case 'row': {
      const status = oneOf(PARTICIPATION_STATUSES, String(form.get('status')))
      const parsed = FundingSchema.safeParse({
        participationId: form.get('participationId'),
        funding: form.get('funding'),
        reason: form.get('reason') ?? '',
      })
      if (!status || !parsed.success) return fail({ status: ['errors.field.invalid'] })
      if (parsed.data.funding === 'not_funded' && !parsed.data.reason)
        return fail({ reason: ['errors.summit.reasonNeeded'] })
      const result = saveRosterRow(
        db,
        { summitId: id, status, ...parsed.data },
        { actorId: staff.id, baseUrl: baseUrl() },
      )
      if (!result.ok)
        return fail({ status: [`errors.summit.${result.error}`] }, result.error === 'notFound' ? 404 : 409)
      return redirectWithNotice(
        request,
        `${here}${new URL(request.url).search}`,
        result.changed ? 'notices.summit.rowSaved' : 'notices.summit.nothingChanged',
      )
    }
    case 'bulk': {
      const ids = form.getAll('ids').flatMap((v) => {
        const n = idField(v)
        return n ? [n] : []
      })
      const [kind, value] = String(form.get('change') ?? '').split(':')
      const reason = String(form.get('bulkReason') ?? '')
        .trim()
        .slice(0, 500)
      if (ids.length === 0) return fail({ bulk: ['errors.summit.noneSelected'] })
      const status = kind === 'status' ? oneOf(PARTICIPATION_STATUSES, value) : null
      const funding = kind === 'funding' ? oneOf(FUNDING_DECISIONS, value) : null
      if (!status && !funding) return fail({ bulk: ['errors.summit.chooseChange'] })
      if (funding === 'not_funded' && !reason) return fail({ bulk: ['errors.summit.reasonNeeded'] })
      if (/[\r\n]/.test(reason)) return fail({ bulk: ['errors.newsletter.lineBreak'] })
      const result = bulkChangeRoster(
        db,
        {
          summitId: id,
          ids,
          change: status ? { kind: 'status', status } : { kind: 'funding', funding: funding!, reason },
        },
        { actorId: staff.id, baseUrl: baseUrl() },
      )
      return data({ errors: null, nominated: null, bulk: result })
    }
    default:
      return fail({ form: ['errors.form.rejected'] })
  }
}

export default function SummitRoster() {
  const { t } = useTranslation('summits')
  const { summit, balance, rows, total, page, pages, filters, language } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const location = useLocation()
  const errors = a?.errors ?? undefined
  const n = (x: number) => formatNumber(x, language)
  const pct = (x: number) => new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(x)
  const tc = (keys?: string[]) => keys?.map((k) => t(`common:${k}`)).join(' ')
  const here = `/staff/summits/${summit.id}`
  // Every form posts back to the same filtered page, so the list stays as it was.
  const self = `${here}${location.search}`
  const link = (p: number) => {
    const params = new URLSearchParams(location.search)
    if (p > 1) params.set('page', String(p))
    else params.delete('page')
    const qs = params.toString()
    return qs ? `${here}?${qs}` : here
  }
  const [selected, setSelected] = useState<Set<number>>(new Set())
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id))
  const toggle = (id: number, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })
  return (
    <>
      <p>
        <Link to="/staff/summits">{t('summits.back')}</Link>
      </p>
      <h1>{summit.title}</h1>
      <SectionTabs
        label={t('summits.sections')}
        current="roster"
        tabs={[
          { id: 'roster', label: t('summits.roster') },
          { id: 'check-in', label: t('summits.checkIn') },
          { id: 'travel', label: t('summits.travel') },
          { id: 'groups', label: t('summits.groups') },
          { id: 'programme', label: t('summits.programme') },
          { id: 'logistics', label: t('summits.logistics') },
        ]}
        href={(to) => (to === 'roster' ? here : `${here}/${to}`)}
      />
      <details className="form-fold" open={Boolean(a?.nominated || errors?.emails)}>
        <summary>{t('summits.nominate')}</summary>
        {a?.nominated ? (
          <div className="notice" role="status">
            <p>{t('summits.nominatedResult', { added: a.nominated.added, already: a.nominated.already })}</p>
            <LineProblems failed={a.nominated.failed} createWith={{ intent: 'nominate', field: 'emails' }} />
          </div>
        ) : null}
        <Form method="post" action={self} className="stack wide">
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
      </details>

      <details className="form-fold">
        <summary>{t('summits.balance')}</summary>
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
      </details>
      {balance.some((b) => b.unbalanced) ? (
        <p className="notice warn">
          {t('summits.unbalancedRegions', {
            list: balance
              .filter((b) => b.unbalanced)
              .map((b) => b.regionCode)
              .join(', '),
          })}
        </p>
      ) : null}

      <section aria-labelledby="roster">
        <h2 id="roster">{t('summits.roster')}</h2>
        <Form method="get" className="filters" role="search">
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
        {errors && !errors.emails && !errors.bulk ? (
          <p className="error-summary" role="alert">
            {tc(Object.values(errors).flat() as string[])}
          </p>
        ) : null}
        <p className="summary-links">
          <span>{t('summits.shown', { count: total })}</span>
          <a href={`${here}/roster.csv`} download>
            <Icon name="download" />
            {t('summits.rosterCsv')}
          </a>
        </p>

        {/* The bulk bar: the boxes in the rows belong to this form. */}
        <Form method="post" action={self} id="roster-bulk" className="bulk-bar">
          <input type="hidden" name="intent" value="bulk" />
          <label className="check">
            <input
              type="checkbox"
              checked={allOnPage}
              onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
            />{' '}
            {t('summits.selectPage')}
          </label>
          <div className="field">
            <label htmlFor="bulk-change">{t('summits.bulkChange', { count: selected.size })}</label>
            <select id="bulk-change" name="change" defaultValue="" aria-invalid={Boolean(errors?.bulk)}>
              <option value="">{t('summits.chooseChange')}</option>
              <optgroup label={t('summits.status')}>
                {PARTICIPATION_STATUSES.map((s) => (
                  <option key={s} value={`status:${s}`}>
                    {t(`summits.statuses.${s}`)}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t('summits.funding')}>
                {FUNDING_DECISIONS.map((f) => (
                  <option key={f} value={`funding:${f}`}>
                    {t(`summits.fundings.${f}`)}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <div className="field">
            <label htmlFor="bulk-reason">{t('summits.reason')}</label>
            <input id="bulk-reason" name="bulkReason" type="text" />
          </div>
          <div>
            <button type="submit">{t('summits.applySelected')}</button>
          </div>
        </Form>
        {errors?.bulk ? (
          <p className="error-summary" role="alert">
            {tc(errors.bulk)}
          </p>
        ) : null}
        {a?.bulk ? (
          <p className="notice" role="status">
            {t('summits.bulkDone', { changed: a.bulk.changed, skipped: a.bulk.skipped })}
          </p>
        ) : null}

        {rows.length === 0 ? (
          <p className="empty">{t('summits.noneShown')}</p>
        ) : (
          <table className="card-table roster">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t('summits.select')}</span>
                </th>
                <th scope="col">{t('summits.name')}</th>
                <th scope="col">{t('summits.regionAndStructure')}</th>
                <th scope="col">{t('summits.statusAndFunding')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="select">
                    <input
                      type="checkbox"
                      name="ids"
                      value={r.id}
                      form="roster-bulk"
                      checked={selected.has(r.id)}
                      onChange={(e) => toggle(r.id, e.target.checked)}
                      aria-label={t('summits.selectOne', { name: r.name })}
                    />
                  </td>
                  <th scope="row">
                    {r.name}
                    <br />
                    <span className="muted">
                      {r.email} · {r.language.toUpperCase()}
                    </span>
                  </th>
                  <td data-label={t('summits.regionAndStructure')}>
                    {r.regionCode ?? '—'}
                    {r.structureName ? (
                      <>
                        <br />
                        <span className="muted">{r.structureName}</span>
                      </>
                    ) : null}
                  </td>
                  <td className="row-form">
                    <Form method="post" action={self} className="inline-actions">
                      <input type="hidden" name="intent" value="row" />
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
                      <button type="submit" className="small secondary" aria-label={`${t('summits.save')}: ${r.name}`}>
                        {t('summits.save')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager page={page} pages={pages} link={link} />
      </section>
    </>
  )
}
