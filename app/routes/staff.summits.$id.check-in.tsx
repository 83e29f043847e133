import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client'
import { requireRole } from '~/guards.server'
import { formatNumber, formatTime } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idParam } from '~/lib/params.server'
import { checkInCounts, getSummit, roster, setCheckedIn } from '~/services/summits.server'
import { redirectWithNotice } from '~/session.server'
import { getViewer } from '~/viewer.server'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'checkIn')

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, 'staff')
  const { language, timeZone } = await getViewer(request)
  const db = getDb()
  const id = idParam(params.id)
  const summit = getSummit(db, id, language)
  if (!summit) throw new Response('Not found', { status: 404 })
  const q = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 100)
  // The desk sees confirmed people; with a search, at most 30 matches so the page stays light on a phone.
  const rows = q ? roster(db, id, { q, status: 'confirmed' }).slice(0, 30) : []
  return { summit: { id, title: summit.title }, counts: checkInCounts(db, id), q, rows, language, timeZone: summit.timeZone ?? timeZone }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const id = idParam(params.id)
  const form = await request.formData()
  const checkedIn = form.get('checkedIn') === '1'
  const result = setCheckedIn(getDb(), id, Number(form.get('participationId')), checkedIn, staff.id)
  if (!result.ok) return data({ error: `errors.summit.${result.error}` }, { status: result.error === 'notFound' ? 404 : 409 })
  const q = String(form.get('q') ?? '')
  return redirectWithNotice(request, `/staff/summits/${id}/check-in${q ? `?q=${encodeURIComponent(q)}` : ''}`, checkedIn ? 'notices.summit.checkedIn' : 'notices.summit.checkInUndone')
}

export default function CheckIn() {
  const { t } = useTranslation('staff')
  const { summit, counts, q, rows, language, timeZone } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  return (
    <div className="check-in">
      <h1>{t('summits.checkInTitle', { title: summit.title })}</h1>
      <p className="stat" role="status">
        {t('summits.checkedInCount', { checkedIn: formatNumber(counts.checkedIn, language), confirmed: formatNumber(counts.confirmed, language) })}
      </p>
      {a?.error ? (
        <p className="error-summary" role="alert">
          {t(`common:${a.error}`)}
        </p>
      ) : null}
      <Form method="get" className="check-in-search">
        <label htmlFor="check-in-q">{t('summits.searchDesk')}</label>
        <input id="check-in-q" type="search" name="q" defaultValue={q} autoComplete="off" />
        <button type="submit">{t('summits.find')}</button>
      </Form>
      {q && rows.length === 0 ? <p>{t('summits.noMatch', { q })}</p> : null}
      <ul className="check-in-list">
        {rows.map((r) => (
          <li key={r.id}>
            <div>
              <strong>{r.name}</strong>
              <br />
              <span className="muted">
                {r.structureName ?? r.regionCode ?? ''}
                {r.checkedInAt ? ` · ${t('summits.checkedInAt', { time: formatTime(new Date(r.checkedInAt), language, timeZone) })}` : ''}
              </span>
            </div>
            <Form method="post">
              <input type="hidden" name="participationId" value={r.id} />
              <input type="hidden" name="q" value={q} />
              <input type="hidden" name="checkedIn" value={r.checkedInAt ? '0' : '1'} />
              <button type="submit" className={r.checkedInAt ? 'secondary' : undefined} aria-label={`${r.checkedInAt ? t('summits.undo') : t('summits.checkInButton')}: ${r.name}`}>
                {r.checkedInAt ? t('summits.undo') : t('summits.checkInButton')}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </div>
  )
}
