import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { readForm } from '~/lib/form.server'
import { formatDateTime, formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { IMPORT_MAX_BYTES } from '~/lib/person-import'
import { saveUpload } from '~/services/people/import.server'
import { listBatches } from '~/services/people/import-batches.server'
import { ImportFileError, readTable, type Table } from '~/services/people/import-file.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'peopleImport')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  return { batches: listBatches(getDb()), language, timeZone }
}

/**
 * Step 1: the file. It is read once here (a slice at a time) so a file that is not a table is refused at
 * once, nothing kept; its header and number of rows are kept with it.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { person } = await requireViewer(request, { role: 'staff' })
  const fail = (key: string, status = 400) => data({ errors: { file: [key] } }, { status })
  let form: FormData
  try {
    form = await readForm(request)
  } catch (thrown) {
    // Not a form at all is the common 415; a cut-off upload is explained on the page.
    if ((thrown as { init?: { status?: number } }).init?.status === 415) throw thrown
    return fail('errors.import.notATable')
  }
  const file = form.get('file')
  if (!(file instanceof File) || file.size === 0) return fail('errors.import.noFile')
  if (file.size > IMPORT_MAX_BYTES) return fail('errors.import.tooLarge', 413)
  const bytes = new Uint8Array(await file.arrayBuffer())
  let table: Table
  try {
    table = await readTable(bytes)
  } catch (e) {
    if (e instanceof ImportFileError) return fail(`errors.import.${e.reason}`)
    throw e
  }
  const id = saveUpload(getDb(), { filename: file.name || 'import', content: bytes, table }, { actorId: person.id })
  return redirect(`/staff/people/import/${id}`)
}

export default function ImportStart() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const error = a?.errors.file
  return (
    <>
      <p>
        <Link to="/staff/people">← {t('people.title')}</Link>
      </p>
      <h1>{t('import.title')}</h1>
      <p className="lede">{t('import.lede')}</p>
      <Form method="post" encType="multipart/form-data" className="card stack" noValidate>
        <div className="field">
          <label htmlFor="import-file">{t('import.file')}</label>
          <span id="import-file-hint" className="hint">
            {t('import.fileHint')}
          </span>
          <input
            id="import-file"
            name="file"
            type="file"
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={Boolean(error)}
            aria-describedby={error ? 'import-file-hint import-file-error' : 'import-file-hint'}
            required
          />
          {error ? (
            <span id="import-file-error" className="field-error">
              {error.map((k) => t(`common:${k}`)).join(' ')}
            </span>
          ) : null}
        </div>
        <p>
          <button type="submit" disabled={busy}>
            {t('import.upload')}
          </button>
        </p>
      </Form>
      <h2>{t('import.recent')}</h2>
      {d.batches.length === 0 ? (
        <p className="empty">{t('import.noneYet')}</p>
      ) : (
        <table className="card-table">
          <thead>
            <tr>
              <th scope="col">{t('import.when')}</th>
              <th scope="col">{t('import.fileName')}</th>
              <th scope="col">{t('import.by')}</th>
              <th scope="col" className="num">
                {t('import.created')}
              </th>
              <th scope="col" className="num">
                {t('import.updated')}
              </th>
              <th scope="col" className="num">
                {t('import.skipped')}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.batches.map((b) => (
              <tr key={b.id}>
                <th scope="row">
                  <Link to={`/staff/people/import/batches/${b.id}`}>
                    {formatDateTime(b.createdAt, d.language, d.timeZone)}
                  </Link>{' '}
                  {b.state !== 'imported' ? (
                    <span className={b.state === 'stopped' || b.state === 'undoStopped' ? 'badge bad' : 'badge muted'}>
                      {t(`import.states.${b.state}`)}
                    </span>
                  ) : null}
                </th>
                <td className="break" data-label={t('import.fileName')}>
                  {b.filename}
                </td>
                <td data-label={t('import.by')}>{b.by ?? '—'}</td>
                <td className="num" data-label={t('import.created')}>
                  {formatNumber(b.report.created, d.language)}
                </td>
                <td className="num" data-label={t('import.updated')}>
                  {formatNumber(b.report.updated, d.language)}
                </td>
                <td className="num" data-label={t('import.skipped')}>
                  {formatNumber(b.report.skipped, d.language)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
