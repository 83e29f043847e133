import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { ACCREDITATION_STATUSES, REGION_CODES } from '#db/domain'
import { FilterSelect } from '~/components/FilterSelect'
import { ScrollRegion } from '~/components/ScrollRegion'
import { countryName } from '~/lib/countries'
import { formatDate } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { STATUS_BADGE } from '~/lib/structure-form'
import { listStructureRows, structureCountries } from '~/services/structures/structures.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'structures')

/** The activity filter: took part in something within the last N months, or in nothing for N months. */
const ACTIVITY = ['active-3', 'active-12', 'inactive-12', 'inactive-24'] as const

const QuerySchema = z.object({
  region: z.enum(REGION_CODES).nullable().catch(null),
  status: z.enum(ACCREDITATION_STATUSES).nullable().catch(null),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .nullable()
    .catch(null),
  q: z.string().max(200).nullable().catch(null),
  activity: z.enum(ACTIVITY).nullable().catch(null),
  /** Structures someone asks to represent (the staff home page links here). */
  requests: z.enum(['pending']).nullable().catch(null),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const params = new URL(request.url).searchParams
  const f = QuerySchema.parse({
    region: params.get('region') || null,
    status: params.get('status') || null,
    country: params.get('country') || null,
    q: params.get('q') || null,
    activity: params.get('activity') || null,
    requests: params.get('requests') || null,
  })
  const db = getDb()
  const [mode, months] = f.activity ? (f.activity.split('-') as ['active' | 'inactive', string]) : [null, null]
  const rows = listStructureRows(db, {
    regionCode: f.region,
    status: f.status,
    country: f.country,
    q: f.q,
    activeMonths: mode === 'active' ? Number(months) : null,
    inactiveMonths: mode === 'inactive' ? Number(months) : null,
    withRequests: f.requests === 'pending',
  })
  // The countries by name in the reader's language (the address keeps the ISO code).
  const collator = new Intl.Collator(language)
  const countries = structureCountries(db)
    .map((code) => ({ value: code, label: countryName(code, language) }))
    .sort((a, b) => collator.compare(a.label, b.label))
  return {
    filters: f,
    rows: rows.map((r) => ({ ...r, countryName: countryName(r.country, language) })),
    countries,
    language,
    timeZone,
  }
}

export default function StructuresDirectory() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const f = d.filters
  return (
    <>
      <div className="page-head">
        <h1>{t('structures.title')}</h1>
        <p className="actions">
          <Link to="/staff/structures/new" className="button">
            {t('structures.add')}
          </Link>{' '}
          <Link to="/staff/structures/review" className="button secondary">
            {t('structures.reviewLink')}
          </Link>{' '}
          <Link to="/staff/structures/criteria" className="button secondary">
            {t('structures.editCriteria')}
          </Link>{' '}
          <Link to="/staff/membership" className="button secondary">
            {t('membership.title')}
          </Link>{' '}
          <Link to="/analysis/accreditation" className="button secondary">
            {t('structures.dashboardLink')}
          </Link>
        </p>
      </div>
      <Form method="get" className="filters" role="search" aria-label={t('structures.searchLabel')}>
        <div className="field grow">
          <label htmlFor="structures-q">{t('structures.search')}</label>
          <input id="structures-q" name="q" type="search" defaultValue={f.q ?? ''} />
        </div>
        <FilterSelect
          id="structures-region"
          name="region"
          label={t('structures.region')}
          value={f.region}
          anyLabel={t('people.any')}
          options={REGION_CODES.map((r) => ({ value: r, label: r }))}
        />
        <FilterSelect
          id="structures-status"
          name="status"
          label={t('structures.status')}
          value={f.status}
          anyLabel={t('people.any')}
          options={ACCREDITATION_STATUSES.map((s) => ({ value: s, label: t(`structures.statuses.${s}`) }))}
        />
        <FilterSelect
          id="structures-country"
          name="country"
          label={t('structures.country')}
          value={f.country?.toUpperCase()}
          anyLabel={t('people.any')}
          options={d.countries}
        />
        <FilterSelect
          id="structures-activity"
          name="activity"
          label={t('structures.activity')}
          value={f.activity}
          anyLabel={t('people.any')}
          options={ACTIVITY.map((a) => ({ value: a, label: t(`structures.activities.${a}`) }))}
        />
        <FilterSelect
          id="structures-requests"
          name="requests"
          label={t('structures.requests.filter')}
          value={f.requests}
          anyLabel={t('people.any')}
          options={[{ value: 'pending', label: t('structures.requests.filterPending') }]}
        />
        <div className="field">
          <button type="submit">{t('people.show')}</button>
        </div>
      </Form>
      <p role="status">{t('structures.count', { count: d.rows.length })}</p>
      {d.rows.length === 0 ? (
        <p>{t('structures.none')}</p>
      ) : (
        <ScrollRegion label={t('structures.title')}>
          <table className="card-table">
            <thead>
              <tr>
                <th scope="col">{t('structures.name')}</th>
                <th scope="col">{t('structures.region')}</th>
                <th scope="col">{t('structures.status')}</th>
                <th scope="col" className="num">
                  {t('structures.members')}
                </th>
                <th scope="col">{t('structures.lastActivity')}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/staff/structures/${r.id}`}>{r.name}</Link>
                    <span className="hint">{r.countryName}</span>
                    {r.requests ? (
                      <Link to={`/staff/structures/${r.id}#requests`} className="badge warn">
                        {t('structures.requests.badge', { count: r.requests })}
                      </Link>
                    ) : null}
                  </th>
                  <td data-label={t('structures.region')}>{r.regionCode}</td>
                  <td data-label={t('structures.status')}>
                    <span className={STATUS_BADGE[r.status]}>{t(`structures.statuses.${r.status}`)}</span>
                    {r.since ? (
                      <span className="hint">
                        {t('structures.since', { date: formatDate(r.since, d.language, d.timeZone) })}
                      </span>
                    ) : null}
                  </td>
                  <td className="num" data-label={t('structures.members')}>
                    {r.members}
                  </td>
                  <td className="nowrap" data-label={t('structures.lastActivity')}>
                    {r.lastActivity ? formatDate(r.lastActivity, d.language, d.timeZone) : t('structures.never')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </>
  )
}
