import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { ACCOUNT_STATES, DIRECTORY_SORTS, LANGUAGES, MEMBER_TYPES, REGION_CODES, ROLES } from '#db/domain'
import { FilterSelect } from '~/components/FilterSelect'
import { ScrollRegion } from '~/components/ScrollRegion'
import { directoryQueryString, readDirectoryQuery } from '~/lib/directory-query'
import { formatNumber, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { listStructures } from '~/services/people.server'
import { closeMatches, FEW_MATCHES } from '~/services/people/close-matches.server'
import { searchDirectory } from '~/services/people/directory.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'people')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const { filters, sort, page } = readDirectoryQuery(new URL(request.url).searchParams)
  const db = getDb()
  const found = searchDirectory(db, { filters, sort, page })
  // A search that finds few people also offers names a letter or two away.
  const fewFound = found.total < FEW_MATCHES && found.page === 1
  const close = fewFound ? closeMatches(db, { filters, exclude: found.rows.map((r) => r.id) }) : []
  return {
    ...found,
    close,
    filters,
    sort,
    structures: listStructures(db),
    language,
  }
}

export default function Directory() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const f = d.filters
  const link = (extra: Record<string, string | number | null>) => directoryQueryString(f, { sort: d.sort, ...extra })
  const select = (
    name: string,
    label: string,
    value: string | number | null | undefined,
    options: { value: string; label: string }[],
  ) => (
    <FilterSelect
      id={`people-${name}`}
      name={name}
      label={label}
      value={value}
      anyLabel={t('people.any')}
      options={options}
    />
  )
  const activeFilters = [f.regionCode, f.structureId, f.memberType, f.role, f.language, f.state, f.activeMonths].filter(
    (v) => v !== null && v !== undefined,
  ).length
  return (
    <>
      <div className="page-head">
        <h1>{t('people.title')}</h1>
        <p className="actions">
          <Link className="button" to="/staff/people/new">
            {t('people.add')}
          </Link>{' '}
          <Link className="button secondary" to="/staff/people/import">
            {t('people.import')}
          </Link>{' '}
          <Link className="button secondary" to="/staff/people/duplicates">
            {t('people.duplicates')}
          </Link>{' '}
          <Link className="button secondary" to="/staff/people/retention">
            {t('people.retention')}
          </Link>
        </p>
      </div>
      <Form method="get" className="filters" role="search" aria-label={t('people.searchLabel')}>
        <div className="field grow">
          <label htmlFor="people-q">{t('people.search')}</label>
          <input id="people-q" name="q" type="search" defaultValue={f.q ?? ''} placeholder={t('people.searchHint')} />
        </div>
        {select(
          'sort',
          t('people.sort'),
          d.sort,
          DIRECTORY_SORTS.map((s) => ({ value: s, label: t(`people.sorts.${s}`) })),
        )}
        <div className="field">
          <button type="submit">{t('people.show')}</button>
        </div>
        <details className="more-filters" open={activeFilters > 0}>
          <summary>{t('people.moreFilters', { count: activeFilters })}</summary>
          <div className="filters">
            {select(
              'region',
              t('people.region'),
              f.regionCode,
              REGION_CODES.map((r) => ({ value: r, label: r })),
            )}
            {select(
              'structure',
              t('people.structure'),
              f.structureId,
              d.structures.map((s) => ({ value: String(s.id), label: `${s.name} (${s.regionCode})` })),
            )}
            {select(
              'memberType',
              t('people.memberType'),
              f.memberType,
              MEMBER_TYPES.map((m) => ({ value: m, label: t(`common:memberTypes.${m}`) })),
            )}
            {select(
              'role',
              t('people.role'),
              f.role,
              ROLES.map((r) => ({ value: r, label: t(`common:roles.${r}`) })),
            )}
            {select(
              'language',
              t('people.language'),
              f.language,
              LANGUAGES.map((l) => ({ value: l, label: languageName(l, d.language) })),
            )}
            {select(
              'state',
              t('people.state'),
              f.state,
              ACCOUNT_STATES.map((s) => ({ value: s, label: t(`people.states.${s}`) })),
            )}
            {select(
              'active',
              t('people.activity'),
              f.activeMonths,
              [3, 6, 12, 24].map((m) => ({ value: String(m), label: t('people.activeWithin', { count: m }) })),
            )}
          </div>
        </details>
      </Form>
      <p role="status">
        {t('people.count', { count: d.total, number: formatNumber(d.total, d.language) })}{' '}
        <a href={`/staff/people/export/xlsx${link({})}`} download>
          {t('people.exportXlsx')}
        </a>{' '}
        ·{' '}
        <a href={`/staff/people/export/csv${link({})}`} download>
          {t('people.exportCsv')}
        </a>
      </p>
      {d.rows.length === 0 ? (
        <p className="empty">
          {t('people.none')} <Link to="/staff/people/new">{t('people.add')}</Link>
        </p>
      ) : (
        <ScrollRegion>
          <table className="directory card-table">
            <thead>
              <tr>
                <th scope="col">{t('people.name')}</th>
                <th scope="col">{t('people.region')}</th>
                <th scope="col">{t('people.structure')}</th>
                <th scope="col">{t('people.language')}</th>
                <th scope="col">{t('people.state')}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`/staff/people/${p.id}`}>{p.name}</Link>
                    <span className="hint break">{p.email}</span>
                  </th>
                  <td data-label={t('people.region')}>{p.regionCode ?? '—'}</td>
                  <td data-label={t('people.structure')}>
                    {p.structureName ?? '—'}
                    <span className="hint">{t(`common:memberTypes.${p.memberType}`)}</span>
                  </td>
                  <td data-label={t('people.language')}>{languageName(p.language, d.language)}</td>
                  <td data-label={t('people.state')}>
                    <span
                      className={p.state === 'active' ? 'badge' : p.state === 'invited' ? 'badge muted' : 'badge bad'}
                    >
                      {t(`people.states.${p.state}`)}
                    </span>
                    {p.roles.length ? (
                      <span className="hint">{p.roles.map((r) => t(`common:roles.${r}`)).join(', ')}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {d.close.length ? (
        <section aria-labelledby="close-matches">
          <h2 id="close-matches">{t('people.closeMatches', { q: f.q })}</h2>
          <ul className="close-matches">
            {d.close.map((p) => (
              <li key={p.id}>
                <Link to={`/staff/people/${p.id}`}>{p.name}</Link>
                <span className="hint break">
                  {[p.email, p.regionCode ?? t('people.noRegion'), p.structureName].filter(Boolean).join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.pages > 1 ? (
        <nav className="pager" aria-label={t('common:pager.label')}>
          {d.page > 1 ? <Link to={link({ page: d.page - 1 })}>{t('common:pager.previous')}</Link> : null}
          <span>{t('common:pager.pageOf', { page: d.page, pages: d.pages })}</span>
          {d.page < d.pages ? <Link to={link({ page: d.page + 1 })}>{t('common:pager.next')}</Link> : null}
        </nav>
      ) : null}
    </>
  )
}
