import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { OUTBOX_STATUSES } from '#db/domain'
import { ScrollRegion } from '~/components/ScrollRegion'
import { config } from '~/config.server'
import { formatDateTime, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { listOutbox, outboxCounts } from '~/services/outbox.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'outbox')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const status = new URL(request.url).searchParams.get('status')
  const filter = (OUTBOX_STATUSES as readonly string[]).includes(status ?? '')
    ? (status as (typeof OUTBOX_STATUSES)[number])
    : undefined
  const db = getDb()
  return {
    messages: listOutbox(db, { status: filter, limit: 200 }),
    counts: outboxCounts(db),
    filter: filter ?? '',
    smtpConfigured: Boolean(config().smtpUrl),
    language,
    timeZone,
  }
}

export default function Outbox() {
  const { t } = useTranslation('staff')
  const { messages, counts, filter, smtpConfigured, language, timeZone } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('outbox.title')}</h1>
      <p className={smtpConfigured ? 'muted' : 'notice'}>{smtpConfigured ? t('outbox.smtpOn') : t('outbox.smtpOff')}</p>
      <Form method="get" className="lang-switch">
        <label htmlFor="status-filter">{t('outbox.filter')}</label>
        <select id="status-filter" name="status" defaultValue={filter}>
          <option value="">{t('outbox.all')}</option>
          {OUTBOX_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`outbox.status.${s}`)} ({counts[s] ?? 0})
            </option>
          ))}
        </select>
        <button type="submit" className="small">
          {t('outbox.apply')}
        </button>
      </Form>
      {messages.length === 0 ? (
        <p className="muted">{t('outbox.empty')}</p>
      ) : (
        <ScrollRegion>
          <table>
            <caption className="visually-hidden">{t('outbox.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('outbox.created')}</th>
                <th scope="col">{t('outbox.to')}</th>
                <th scope="col">{t('outbox.subject')}</th>
                <th scope="col">{t('outbox.language')}</th>
                <th scope="col">{t('outbox.statusLabel')}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>{formatDateTime(new Date(m.createdAt), language, timeZone)}</td>
                  <td>{m.toAddress}</td>
                  <td>
                    <Link to={`/staff/outbox/${m.id}`}>{m.subject}</Link>
                  </td>
                  <td>{languageName(m.language, language)}</td>
                  <td>
                    <span className={m.status === 'failed' ? 'badge bad' : m.status === 'sent' ? 'badge ok' : 'badge'}>
                      {t(`outbox.status.${m.status}`)}
                    </span>
                    {m.attempts ? ` · ${t('outbox.attempts', { count: m.attempts })}` : ''}
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
