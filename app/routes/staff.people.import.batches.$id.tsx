import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { ConfirmCheck } from '~/components/ConfirmCheck'
import { Pager } from '~/components/Pager'
import { ScrollRegion } from '~/components/ScrollRegion'
import { isConfirmed, readForm } from '~/lib/form.server'
import { formatDateTime, formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { pageWindow } from '~/lib/paging'
import { idParam } from '~/lib/params.server'
import { SKIPPED_PAGE_SIZE } from '~/lib/person-import'
import { useLiveRefresh } from '~/lib/use-live-refresh'
import {
  batchPeopleCount,
  type BatchState,
  getBatch,
  hasRowLines,
  reportRows,
  undoBlockers,
  undoImport,
} from '~/services/people/import-batches.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'peopleImportReport')

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
  'list_subscriptions',
]

/** While the worker is at it, the page refreshes itself (every 2 s with JavaScript, 5 s without). */
const RUNNING: BatchState[] = ['waiting', 'importing', 'undoing']
/** Whose undo may be asked for: a finished import, one stopped part-way, an undo stopped part-way. */
const UNDOABLE: BatchState[] = ['imported', 'stopped', 'undoStopped']

/**
 * An import's page: while the worker imports (or undoes) it, how far it is; then what it did,
 * the rows it skipped (fifty a page) and the undo. Every read here is bounded, so the page costs
 * the same for a file of ten rows or two hundred thousand.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const id = idParam(params.id)
  const db = getDb()
  const batch = getBatch(db, id)
  if (!batch) throw new Response('Not found', { status: 404 })
  const search = new URL(request.url).searchParams
  const r = batch.report
  // Every row of the file by its line; an import from before lines were kept lists its skipped rows only.
  const lines = hasRowLines(db, id, r)
  const only = !lines || search.get('show') === 'skipped' ? ('skip' as const) : undefined
  const total = only ? r.skipped : r.created + r.updated + r.unchanged + r.skipped
  const window = pageWindow(total, search.get('page'), SKIPPED_PAGE_SIZE)
  const { blockers } = UNDOABLE.includes(batch.state) ? undoBlockers(db, id) : { blockers: [] }
  const job = batch.state === 'undoing' || batch.state === 'undoStopped' ? batch.undoJob : batch.importJob
  return {
    batch: {
      id: batch.id,
      filename: batch.filename,
      mode: batch.mode,
      by: batch.by,
      createdAt: batch.createdAt,
      undoneAt: batch.undoneAt,
      report: batch.report,
      state: batch.state,
    },
    /** The work under way (or stopped): what it is, how far it went, and why it stopped. */
    progress: job
      ? { kind: job.kind, state: job.state, done: job.done, total: job.total, stopReason: job.stopReason }
      : null,
    undone: batch.undoJob?.state === 'done' ? batch.undoJob.result : null,
    rows: reportRows(db, { batchId: id, page: window.page, only }),
    show: only ? ('skipped' as const) : ('all' as const),
    lines,
    total,
    page: window.page,
    pages: window.pages,
    stillThere: batchPeopleCount(db, id),
    blockers: [...new Set(blockers.map((b) => (NAMED_USES.includes(b) ? b : 'other')))],
    language,
    timeZone,
  }
}

/** Undo the whole batch (refused once someone it created has been used); the worker does it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { person } = await requireViewer(request, { role: 'staff' })
  const form = await readForm(request)
  const id = idParam(params.id)
  if (form.get('intent') !== 'undo') return data({ error: 'errors.badRequest.body' }, { status: 400 })
  // It deletes people: asked once, with what it will do and to how many (the tick box), also without JavaScript.
  if (!isConfirmed(form)) return data({ error: 'errors.import.undoConfirm' }, { status: 400 })
  const result = undoImport(getDb(), { batchId: id }, { actorId: person.id })
  if (!result.ok) {
    if (result.error === 'notFound') throw new Response('Not found', { status: 404 })
    return data({ error: `errors.import.${result.error}` }, { status: 409 })
  }
  return redirectWithNotice(request, `/staff/people/import/batches/${id}`, 'notices.import.undoStarted')
}

export default function ImportReport() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const b = d.batch
  const running = RUNNING.includes(b.state)
  useLiveRefresh(running)
  const n = (x: number) => formatNumber(x, d.language)
  return (
    <>
      {running ? (
        <noscript>
          <meta httpEquiv="refresh" content="5" />
        </noscript>
      ) : null}
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

      {d.progress && (running || b.state === 'stopped' || b.state === 'undoStopped') ? <Progress /> : null}
      {b.undoneAt ? (
        <section className="card stack" aria-labelledby="undone">
          <h2 id="undone">{t('import.undoneTitle')}</h2>
          <p>{t('import.undoneOn', { when: formatDateTime(b.undoneAt, d.language, d.timeZone) })}</p>
          {d.undone ? (
            <p>
              {t('import.undoneCounts', { deleted: n(d.undone.deleted ?? 0), restored: n(d.undone.restored ?? 0) })}
              {d.undone.kept ? ` ${t('import.undoneKept', { count: d.undone.kept })}` : null}
            </p>
          ) : null}
        </section>
      ) : null}

      <h2 id="counts">{running && d.progress?.kind === 'import' ? t('import.soFar') : t('import.whatItDid')}</h2>
      <ul className="stat-row" aria-labelledby="counts">
        <li>
          <strong>{n(b.report.created)}</strong> {t('import.created')}
        </li>
        <li>
          <strong>{n(b.report.updated)}</strong> {t('import.updated')}
        </li>
        <li>
          <strong>{n(b.report.unchanged)}</strong> {t('import.unchanged')}
        </li>
        <li>
          <strong>{n(b.report.skipped)}</strong> {t('import.skipped')}
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

      <h2 id="rows">{t('import.rowsTitle')}</h2>
      {d.lines && b.report.skipped > 0 ? (
        <p className="filter-links">
          {d.show === 'all' ? (
            <strong aria-current="true">{t('import.showAll', { count: d.total })}</strong>
          ) : (
            <Link to="?#rows">
              {t('import.showAll', {
                count: b.report.created + b.report.updated + b.report.unchanged + b.report.skipped,
              })}
            </Link>
          )}
          {' · '}
          {d.show === 'skipped' ? (
            <strong aria-current="true">{t('import.showSkipped', { count: b.report.skipped })}</strong>
          ) : (
            <Link to="?show=skipped#rows">{t('import.showSkipped', { count: b.report.skipped })}</Link>
          )}
        </p>
      ) : null}
      {d.total === 0 ? (
        <p>
          {d.show === 'skipped'
            ? running
              ? t('import.noneSkippedYet')
              : t('import.noneSkipped')
            : running
              ? t('import.noRowsYet')
              : t('import.noRows')}
        </p>
      ) : (
        <>
          {d.pages > 1 ? (
            <p className="hint">
              {t('import.rowsPage', {
                from: n((d.page - 1) * SKIPPED_PAGE_SIZE + 1),
                to: n(Math.min(d.page * SKIPPED_PAGE_SIZE, d.total)),
                total: n(d.total),
              })}
            </p>
          ) : null}
          <ScrollRegion>
            <table className="card-table">
              <thead>
                <tr>
                  <th scope="col">{t('import.fields.email')}</th>
                  <th scope="col" className="num">
                    {t('import.lineHeader')}
                  </th>
                  <th scope="col">{t('import.fields.name')}</th>
                  <th scope="col">{t('import.whatHappened')}</th>
                  <th scope="col">{t('import.details')}</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((row) => (
                  <tr key={row.line}>
                    <th scope="row" className="break">
                      {row.email || '—'}
                    </th>
                    <td className="num" data-label={t('import.lineHeader')}>
                      {row.line}
                    </td>
                    <td data-label={t('import.fields.name')}>{row.name || '—'}</td>
                    <td data-label={t('import.whatHappened')}>
                      <span className={BADGE[row.outcome]}>{t(`import.actions.${row.outcome}`)}</span>
                    </td>
                    <td data-label={t('import.details')}>
                      {row.outcome === 'skip'
                        ? row.reasons.map((x) => t(`import.problems.${x}`)).join(' ')
                        : row.fields
                            .map((f) => t(`import.fields.${f === 'structureId' ? 'structure' : f}`))
                            .join(', ') || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <Pager
            page={d.page}
            pages={d.pages}
            link={(page) => `?${d.show === 'skipped' ? 'show=skipped&' : ''}page=${page}#rows`}
          />
          {d.pages > 1 ? <p className="hint">{t('import.rowsInReport')}</p> : null}
        </>
      )}

      {b.undoneAt ? null : (
        <>
          <h2>{t('import.undoTitle')}</h2>
          <Undo />
        </>
      )}
    </>
  )
}

const BADGE = { create: 'badge', update: 'badge', unchanged: 'badge muted', skip: 'badge bad' } as const

/** The undo: not while the worker is at the batch, not once someone it created was used; else one button. */
function Undo() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const b = d.batch
  const n = (x: number) => formatNumber(x, d.language)
  if (RUNNING.includes(b.state)) {
    return <p>{b.state === 'undoing' ? t('import.undoRunning') : t('import.undoAfterImport')}</p>
  }
  if (d.blockers.length) {
    return <p>{t('import.cannotUndo', { reasons: d.blockers.map((x) => t(`import.usedBy.${x}`)).join(', ') })}</p>
  }
  return (
    <Form method="post" className="card stack">
      <p className="hint">{t('import.undoHint')}</p>
      <ConfirmCheck
        label={t('import.undoConfirm', {
          people: n(d.stillThere),
          count: d.stillThere,
          updated: n(b.report.updated),
        })}
        error={a?.error === 'errors.import.undoConfirm' ? t('common:errors.import.undoConfirm') : null}
      />
      {a?.error && a.error !== 'errors.import.undoConfirm' ? (
        <p className="form-error" role="alert">
          {t(`common:${a.error}`)}
        </p>
      ) : null}
      <p>
        <button type="submit" name="intent" value="undo" className="danger" disabled={busy}>
          {b.state === 'undoStopped' ? t('import.undoFinish') : t('import.undo')}
        </button>
      </p>
    </Form>
  )
}

/** How far the import (or its undo) is, or where it stopped and why. */
function Progress() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const p = d.progress!
  const n = (x: number) => formatNumber(x, d.language)
  const percent = new Intl.NumberFormat(d.language, { style: 'percent', maximumFractionDigits: 0 }).format(
    p.total ? p.done / p.total : 0,
  )
  const stopped = p.state === 'stopped'
  const what = p.kind === 'import' ? 'import' : 'undo'
  const title = stopped
    ? t(`import.progress.${what}Stopped`)
    : p.state === 'queued'
      ? t(`import.progress.${what}Waiting`)
      : t(`import.progress.${what}Running`)
  return (
    <section className="card stack" aria-labelledby="progress">
      <h2 id="progress">{title}</h2>
      <progress className="wide" max={Math.max(1, p.total)} value={p.done} aria-labelledby="progress">
        {percent}
      </progress>
      <p className="progress-figure">
        {t(`import.progress.${what}Figure`, { percent, done: n(p.done), total: n(p.total) })}
      </p>
      {stopped ? (
        <p>
          {t(`import.progress.stopReasons.${p.stopReason ?? 'failed'}`)} {t(`import.progress.${what}StoppedHint`)}
        </p>
      ) : (
        <p className="hint">{t(`import.progress.${what}Leave`)}</p>
      )}
    </section>
  )
}
