import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { readForm } from '~/lib/form.server'
import { formatDate, formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField } from '~/lib/params.server'
import { dismissDuplicate, possibleDuplicates } from '~/services/people/merge.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'peopleDuplicates')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  return { ...possibleDuplicates(getDb()), language, timeZone }
}

/** "Not the same person": the pair leaves the list for good (it can be merged later from either record). */
export async function action({ request }: ActionFunctionArgs) {
  const { person: staff } = await requireViewer(request, { role: 'staff' })
  const form = await readForm(request)
  const a = idField(form.get('a'))
  const b = idField(form.get('b'))
  if (a === null || b === null || a === b) return data({ error: 'errors.badRequest.body' }, { status: 400 })
  if (!dismissDuplicate(getDb(), { ids: [a, b] }, { actorId: staff.id }))
    return data({ error: 'errors.merge.notFound' }, { status: 404 })
  return redirectWithNotice(request, '/staff/people/duplicates', 'notices.person.notDuplicate')
}

export default function Duplicates() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <p>
        <Link to="/staff/people">← {t('people.title')}</Link>
      </p>
      <h1>{t('duplicates.title')}</h1>
      <p className="lede">{t('duplicates.lede')}</p>
      <p role="status">{t('duplicates.count', { count: d.total, number: formatNumber(d.total, d.language) })}</p>
      {d.pairs.length === 0 ? (
        <p className="empty">{t('duplicates.none')}</p>
      ) : (
        <ul className="cards">
          {d.pairs.map(({ a, b, reasons }) => (
            <li key={`${a.id}-${b.id}`} className="card pair">
              <p className="hint">{reasons.map((r) => t(`duplicates.reasons.${r}`)).join(' · ')}</p>
              <div className="two-up">
                {[a, b].map((p) => (
                  <div key={p.id}>
                    <Link to={`/staff/people/${p.id}`}>
                      <strong>{p.name}</strong>
                    </Link>
                    <br />
                    <span className="break">{p.email}</span>
                    <br />
                    <span className="hint">
                      {[p.regionCode, p.structureName].filter(Boolean).join(' · ') || '—'} ·{' '}
                      {t('merge.since', { date: formatDate(p.createdAt, d.language, d.timeZone) })}
                    </span>
                  </div>
                ))}
              </div>
              <Form method="post" className="actions">
                <Link className="button secondary" to={`/staff/people/merge?a=${a.id}&b=${b.id}`}>
                  {t('duplicates.compare')}
                </Link>{' '}
                <input type="hidden" name="a" value={a.id} />
                <input type="hidden" name="b" value={b.id} />
                <button type="submit" className="secondary" disabled={busy}>
                  {t('duplicates.notSame')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      {d.total > d.pairs.length ? (
        <p className="hint">{t('duplicates.more', { count: d.total - d.pairs.length })}</p>
      ) : null}
    </>
  )
}
