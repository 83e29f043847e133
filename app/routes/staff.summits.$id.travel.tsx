import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { redirectWithNotice } from '~/auth-session.server'
import { PhoneLink } from '~/components/PhoneLink'
import { ScrollRegion } from '~/components/ScrollRegion'
import { baseUrl } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatCompact } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField } from '~/lib/params.server'
import { staffSummit } from '~/lib/staff-summit.server'
import { confirmPassportName, remindMissingTravel, travelList } from '~/services/summits/travel.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['summits'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'summitTravel')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, db, id, summit } = await staffSummit(request, params)
  const rows = travelList(db, id)
  return {
    summit: { id, title: summit.title, slug: summit.slug, timeZone: summit.timeZone },
    rows,
    missing: rows.filter((r) => r.missing.length).length,
    language,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { staff, db, id } = await staffSummit(request, params)
  const form = await readForm(request)
  if (form.get('intent') === 'confirm-passport-name') {
    const participationId = idField(form.get('participationId'))
    const result = participationId
      ? confirmPassportName(db, { summitId: id, participationId }, { actorId: staff.id })
      : ({ ok: false, error: 'notFound' } as const)
    if (!result.ok)
      return data(
        { error: result.error === 'notFound' ? 'errors.notFoundNothingChanged' : 'errors.summit.noPassportName' },
        { status: result.error === 'notFound' ? 404 : 409 },
      )
    return redirectWithNotice(
      request,
      `/staff/summits/${id}/travel#p${participationId}`,
      'notices.summit.passportNameConfirmed',
    )
  }
  const queued = remindMissingTravel(db, { summitId: id }, { actorId: staff.id, baseUrl: baseUrl() })
  return redirectWithNotice(
    request,
    `/staff/summits/${id}/travel`,
    queued ? 'notices.summit.remindersQueued' : 'notices.summit.noReminders',
  )
}

export default function SummitTravel() {
  const { t } = useTranslation('summits')
  const { summit, rows, missing, language } = useLoaderData<typeof loader>()
  const failed = useActionData<typeof action>() as { error?: string } | undefined
  const when = (d: string | Date | null, carrier: string | null) =>
    d ? `${formatCompact(new Date(d), language, summit.timeZone)}${carrier ? ` · ${carrier}` : ''}` : '—'
  return (
    <>
      <h1>{t('summits.travelTitle', { title: summit.title })}</h1>
      <p>
        <Link to={`/staff/summits/${summit.id}`}>{t('summits.roster')}</Link> ·{' '}
        <a href={`/staff/summits/${summit.id}/export/travel`} download>
          {t('summits.travelCsv')}
        </a>{' '}
        ·{' '}
        <a href={`/staff/summits/${summit.id}/export/rooming`} download>
          {t('summits.roomingCsv')}
        </a>
      </p>
      {failed?.error ? (
        <p className="error-summary" role="alert">
          {t(`common:${failed.error}`)}
        </p>
      ) : null}
      <p>{t('summits.missingSummary', { count: missing, total: rows.length })}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="remind" />
        <button type="submit" disabled={missing === 0}>
          {t('summits.remind')}
        </button>
      </Form>
      <ScrollRegion>
        <table>
          <caption>{t('summits.travelCaption', { zone: summit.timeZone })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('summits.name')}</th>
              <th scope="col">{t('mySummit.arrival')}</th>
              <th scope="col">{t('mySummit.departure')}</th>
              <th scope="col">{t('mySummit.hotel')}</th>
              <th scope="col">{t('summits.needs')}</th>
              <th scope="col">{t('mySummit.emergency')}</th>
              <th scope="col">{t('summits.missingColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} id={`p${r.id}`} className={r.missing.length ? 'overdue' : undefined}>
                <th scope="row">
                  {r.name}
                  <br />
                  <span className="muted">{r.structureName ?? r.regionCode ?? ''}</span>
                </th>
                <td className="nowrap">{when(r.arrivalAt, r.arrivalCarrier)}</td>
                <td className="nowrap">{when(r.departureAt, r.departureCarrier)}</td>
                <td>
                  {r.hotel ?? '—'}
                  {r.hotelNights ? ` (${t('summits.nights', { count: r.hotelNights })})` : ''}
                </td>
                <td>
                  {[r.dietaryNeeds, r.accessibilityNeeds].filter(Boolean).join(' · ') || '—'}
                  {r.visaLetterNeeded ? (
                    <div className="passport">
                      {t('summits.passportName')}
                      {t('common:colon')}
                      {r.passportName ? (
                        <strong>{r.passportName}</strong>
                      ) : (
                        <span className="muted">{t('summits.passportNameMissing')}</span>
                      )}
                      {r.passportName && r.passportNameConfirmedAt ? (
                        <>
                          {' '}
                          <span className="badge">{t('summits.passportNameOk')}</span>
                          {' · '}
                          <Link to={`/summits/${summit.slug}/visa-letter?participation=${r.id}`}>
                            {t('summits.visaLetter')}
                          </Link>
                        </>
                      ) : r.passportName ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="confirm-passport-name" />
                          <input type="hidden" name="participationId" value={r.id} />
                          <button type="submit" className="small">
                            {t('summits.confirmPassportName')}
                          </button>
                        </Form>
                      ) : null}
                    </div>
                  ) : null}
                </td>
                <td>
                  {r.emergencyContactName ? (
                    <>
                      {r.emergencyContactName}{' '}
                      {r.emergencyContactPhone ? <PhoneLink number={r.emergencyContactPhone} /> : null}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{r.missing.map((m) => t(`mySummit.short.${m}`)).join(', ') || '✓'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  )
}
