import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { ScrollRegion } from '~/components/ScrollRegion'
import { readForm } from '~/lib/form.server'
import { formatDateTime, formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idParam } from '~/lib/params.server'
import { batchPeopleCount, getBatch, undoBlockers, undoImport } from '~/services/people/import.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'peopleImportReport')

const SKIPPED_SHOWN = 200
/** Uses of a created person the page names; any other table shows as "other records". */
const NAMED_USES = [
  'signedIn',
  'edited',
  'registrations',
  'outbox',
  'email_tokens',
  'participation_records',
  'person_notes',
  'person_roles',
  'deliveries',
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const id = idParam(params.id)
  const db = getDb()
  const batch = getBatch(db, id)
  if (!batch) throw new Response('Not found', { status: 404 })
  const { blockers } = batch.undoneAt ? { blockers: [] } : undoBlockers(db, id)
  return {
    batch: { ...batch, report: { ...batch.report, skipped: batch.report.skipped.slice(0, SKIPPED_SHOWN) } },
    skippedTotal: batch.report.skipped.length,
    stillThere: batchPeopleCount(db, id),
    blockers: [...new Set(blockers.map((b) => (NAMED_USES.includes(b) ? b : 'other')))],
    language,
    timeZone,
  }
}

/** Undo the whole batch (refused once someone it created has been used). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { person } = await requireViewer(request, { role: 'staff' })
  const id = idParam(params.id)
  const form = await readForm(request)
  if (form.get('intent') !== 'undo') return data({ error: 'errors.badRequest.body' }, { status: 400 })
  const result = undoImport(getDb(), { batchId: id }, { actorId: person.id })
  if (!result.ok) {
    if (result.error === 'notFound') throw new Response('Not found', { status: 404 })
    return data({ error: `errors.import.${result.error}` }, { status: 409 })
  }
  return redirectWithNotice(request, `/staff/people/import/batches/${id}`, 'notices.import.undone')
}

export default function ImportReport() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const b = d.batch
  return (
    <>
      <p>
        <Link to="/staff/people/import">← {t('import.title')}</Link>
      </p>
      <h1>{t('import.reportTitle', { file: b.filename })}</h1>
      <p className="lede">
        {t('import.reportLede', {
          when: formatDateTime(b.createdAt, d.language, d.timeZone),
          by: b.by ?? '—',
          mode: t(`import.modes.${b.mode}`),
        })}
      </p>
      <ul className="stat-row" aria-label={t('import.summaryLabel')}>
        <li>
          <strong>{formatNumber(b.report.created, d.language)}</strong> {t('import.created')}
        </li>
        <li>
          <strong>{formatNumber(b.report.updated, d.language)}</strong> {t('import.updated')}
        </li>
        <li>
          <strong>{formatNumber(b.report.unchanged, d.language)}</strong> {t('import.unchanged')}
        </li>
        <li>
          <strong>{formatNumber(d.skippedTotal, d.language)}</strong> {t('import.skipped')}
        </li>
      </ul>
      <p>
        <a href={`/staff/people/import/batches/${b.id}/report.csv`} download>
          {t('import.downloadReport')}
        </a>
        {b.report.created > 0 && !b.undoneAt ? (
          <>
            {' · '}
            <Link to={`/staff/people?sort=-created`}>{t('import.seePeople')}</Link>
          </>
        ) : null}
      </p>

      <h2>{t('import.skippedTitle', { count: d.skippedTotal })}</h2>
      {d.skippedTotal === 0 ? (
        <p>{t('import.noneSkipped')}</p>
      ) : (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('import.lineHeader')}
                </th>
                <th scope="col">{t('import.fields.email')}</th>
                <th scope="col">{t('import.reasons')}</th>
              </tr>
            </thead>
            <tbody>
              {b.report.skipped.map((s) => (
                <tr key={s.line}>
                  <td className="num">{s.line}</td>
                  <td className="break">{s.email || '—'}</td>
                  <td>{s.reasons.map((r) => t(`import.problems.${r}`)).join(' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {d.skippedTotal > b.report.skipped.length ? <p className="hint">{t('import.skippedInReport')}</p> : null}

      <h2>{t('import.undoTitle')}</h2>
      {b.undoneAt ? (
        <p>{t('import.undoneOn', { when: formatDateTime(b.undoneAt, d.language, d.timeZone) })}</p>
      ) : d.blockers.length ? (
        <p>{t('import.cannotUndo', { reasons: d.blockers.map((x) => t(`import.usedBy.${x}`)).join(', ') })}</p>
      ) : (
        <Form method="post" className="card stack">
          <p>{t('import.undoHint', { count: d.stillThere, updated: b.report.updated })}</p>
          {a?.error ? (
            <p className="form-error" role="alert">
              {t(`common:${a.error}`)}
            </p>
          ) : null}
          <p>
            <button type="submit" name="intent" value="undo" className="danger" disabled={busy}>
              {t('import.undo')}
            </button>
          </p>
        </Form>
      )}
    </>
  )
}
