import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { IMPORT_MODES, LANGUAGES, MEMBER_TYPES, REGION_CODES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { ScrollRegion } from '~/components/ScrollRegion'
import { readForm } from '~/lib/form.server'
import { formatNumber, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField } from '~/lib/params.server'
import { IMPORT_FIELDS, type ImportField, type Mapping } from '~/lib/person-import'
import { listStructures } from '~/services/people.server'
import {
  chosenMapping,
  cleanOptions,
  fixRow,
  getUpload,
  importChoices,
  mappingProblem,
  openUpload,
  planImport,
  queueImport,
  setUploadOptions,
  uploadBatch,
  uploadHeader,
} from '~/services/people/import.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'peopleImport')

const PROBLEM_ROWS_SHOWN = 50
const PREVIEW_ROWS = 10

/** Where an upload that can no longer be changed goes: the import started from it, else the start page. */
async function gone(request: Request, id: string, actorId: number) {
  const batchId = uploadBatch(getDb(), id, { actorId })
  if (batchId) return redirect(`/staff/people/import/batches/${batchId}`)
  return redirectWithNotice(request, '/staff/people/import', 'notices.import.expired')
}

/**
 * The preview: the file read and every row planned against the directory, a slice at a time (the
 * event loop gets a turn between slices, so other requests are answered while a big file is checked).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { person, language } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const upload = getUpload(db, params.upload ?? '', { actorId: person.id })
  if (!upload) throw await gone(request, params.upload ?? '', person.id)
  const { table, mapping, remembered } = await openUpload(db, upload)
  const problem = mappingProblem(mapping)
  const plan = problem
    ? null
    : await planImport(
        db,
        { table, mapping, mode: upload.mode, fixes: upload.fixes },
        { firstRows: PREVIEW_ROWS, problemRows: PROBLEM_ROWS_SHOWN },
      )
  return {
    filename: upload.filename,
    rowCount: table.rows.length,
    columns: table.header.map((h, i) => ({ header: h, sample: table.rows[0]?.cells[i] ?? '' })),
    mapping,
    mode: upload.mode,
    remembered,
    problem,
    summary: plan?.summary ?? null,
    problemRows: (plan?.problems ?? []).map((r) => ({ line: r.line, values: r.values, problems: r.problems })),
    problemTotal: plan?.summary.skip ?? 0,
    preview: (plan?.first ?? []).map((r) => ({
      line: r.line,
      name: r.fields.name ?? r.values.name ?? '',
      email: r.email,
      action: r.action,
      problems: r.problems,
      changed: Object.keys(r.changes),
      fixed: r.fixed,
    })),
    structures: listStructures(db).map((s) => s.name),
    options: upload.options,
    choices: importChoices(db, language),
    language,
  }
}

function readMapping(form: FormData, columns: number): Mapping | null {
  const mapping: Mapping = []
  for (let i = 0; i < columns; i++) {
    const v = String(form.get(`col-${i}`) ?? '')
    if (v === '') mapping.push(null)
    else if ((IMPORT_FIELDS as readonly string[]).includes(v)) mapping.push(v as ImportField)
    else return null
  }
  return mapping
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { person } = await requireViewer(request, { role: 'staff' })
  const form = await readForm(request)
  const ctx = { actorId: person.id }
  const db = getDb()
  const id = params.upload ?? ''
  const upload = getUpload(db, id, ctx)
  if (!upload) return gone(request, id, person.id)
  const here = `/staff/people/import/${id}`
  const intent = form.get('intent')
  if (intent === 'fix') {
    const line = idField(form.get('line'))
    if (line === null) return data({ errors: { form: ['errors.badRequest.body'] } }, { status: 400 })
    const values: Partial<Record<ImportField, string>> = {}
    for (const f of IMPORT_FIELDS) {
      const v = form.get(`fix-${f}`)
      if (typeof v === 'string') values[f] = v
    }
    fixRow(db, { id, line, values }, ctx)
    return redirectWithNotice(request, `${here}#problems`, 'notices.import.rowFixed')
  }
  if (intent !== 'map' && intent !== 'import') {
    return data({ errors: { form: ['errors.badRequest.body'] } }, { status: 400 })
  }
  // The header kept at upload: the mapping is checked without reading the whole file again.
  const header = await uploadHeader(upload)
  const shown = chosenMapping(db, upload, header).mapping
  const mapping = readMapping(form, header.length)
  const mode = IMPORT_MODES.find((m) => m === form.get('mode'))
  if (!mapping || !mode) return data({ errors: { form: ['errors.badRequest.body'] } }, { status: 400 })
  // The whole file's choices for its new people (a page from before they were offered sends none).
  const structureField = String(form.get('structureId') ?? '')
  const structureId = structureField === '' ? null : idField(structureField)
  const listIds = form.getAll('listId').map((v) => idField(v))
  const options =
    structureId === null && structureField !== ''
      ? null
      : listIds.some((l) => l === null)
        ? null
        : cleanOptions(db, {
            memberType: String(form.get('memberType') ?? ''),
            structureId,
            listIds: listIds as number[],
          })
  if (!options) return data({ errors: { form: ['errors.import.badOptions'] } }, { status: 400 })
  setUploadOptions(db, { id, mapping, mode, options }, ctx)
  if (intent === 'map') return redirect(here)
  // Columns or mode changed without a look at the preview: show it before importing anything.
  if (mode !== upload.mode || mapping.some((f, i) => f !== shown[i])) {
    return redirectWithNotice(request, here, 'notices.import.checkPreview')
  }
  // The worker imports it a slice at a time; its page shows how far it is.
  const result = await queueImport(db, { uploadId: id }, ctx)
  if (!result.ok) {
    if (result.error === 'notFound') return gone(request, id, person.id)
    return data({ errors: { form: [`errors.import.${result.error}`] } }, { status: 400 })
  }
  return redirectWithNotice(request, `/staff/people/import/batches/${result.batchId}`, 'notices.import.started')
}

const BADGE = { create: 'badge', update: 'badge', unchanged: 'badge muted', skip: 'badge bad' } as const

export default function ImportPreview() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const mapped = d.mapping.filter((f): f is ImportField => f !== null)
  const formError: string[] | null = a?.errors.form ?? (d.problem ? [`errors.import.${d.problem}`] : null)
  return (
    <>
      <p>
        <Link to="/staff/people/import">← {t('import.title')}</Link>
      </p>
      <h1>{t('import.previewTitle', { file: d.filename })}</h1>
      <p className="lede">{t('import.previewLede', { count: d.rowCount })}</p>
      {d.summary ? (
        <ul className="stat-row" aria-label={t('import.summaryLabel')}>
          <li>
            <strong>{formatNumber(d.summary.create, d.language)}</strong> {t('import.willCreate')}
          </li>
          <li>
            <strong>{formatNumber(d.summary.update, d.language)}</strong> {t('import.willUpdate')}
          </li>
          <li>
            <strong>{formatNumber(d.summary.unchanged, d.language)}</strong> {t('import.willKeep')}
          </li>
          <li>
            <strong>{formatNumber(d.summary.skip, d.language)}</strong> {t('import.willSkip')}
          </li>
        </ul>
      ) : null}
      {formError ? (
        <p className="form-error" role="alert">
          {formError.map((k) => t(`common:${k}`)).join(' ')}
        </p>
      ) : null}

      <h2>{t('import.columns')}</h2>
      {d.remembered ? <p className="hint">{t('import.remembered')}</p> : null}
      <Form method="post" id="import-form" className="stack">
        <ScrollRegion>
          <table className="card-table import-mapping">
            <thead>
              <tr>
                <th scope="col">{t('import.column')}</th>
                <th scope="col">{t('import.firstValue')}</th>
                <th scope="col">{t('import.field')}</th>
              </tr>
            </thead>
            <tbody>
              {d.columns.map((c, i) => (
                <tr key={i}>
                  <th scope="row" className="break">
                    {c.header || t('import.unnamedColumn', { number: i + 1 })}
                  </th>
                  <td className="break" data-label={t('import.firstValue')}>
                    {c.sample || '—'}
                  </td>
                  <td className="mapping-field">
                    <label className="mapping-label" htmlFor={`col-${i}`}>
                      <span className="visually-hidden">{t('import.fieldFor', { column: c.header || i + 1 })}</span>
                      <span aria-hidden="true">{t('import.field')}</span>
                    </label>
                    <select id={`col-${i}`} name={`col-${i}`} defaultValue={d.mapping[i] ?? ''}>
                      <option value="">{t('import.ignore')}</option>
                      {IMPORT_FIELDS.map((f) => (
                        <option key={f} value={f}>
                          {t(`import.fields.${f}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        <fieldset>
          <legend>{t('import.mode')}</legend>
          {IMPORT_MODES.map((m) => (
            <label key={m} className="choice">
              <input type="radio" name="mode" value={m} defaultChecked={d.mode === m} />{' '}
              <span>
                {t(`import.modes.${m}`)}
                <span className="hint">{t(`import.modeHints.${m}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="stack">
          <legend>{t('import.choicesTitle')}</legend>
          <p className="hint">{t('import.choicesHint')}</p>
          <div className="field">
            <label htmlFor="memberType">{t('import.memberTypeChoice')}</label>
            <select id="memberType" name="memberType" defaultValue={d.options.memberType ?? ''}>
              <option value="">{t('import.memberTypeDefault')}</option>
              {MEMBER_TYPES.map((m) => (
                <option key={m} value={m}>
                  {t(`common:memberTypes.${m}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="structureId">{t('import.structureChoice')}</label>
            <select id="structureId" name="structureId" defaultValue={d.options.structureId ?? ''}>
              <option value="">{t('import.structureNone')}</option>
              {d.choices.structures.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.regionCode})
                </option>
              ))}
            </select>
          </div>
          <fieldset>
            <legend>{t('import.listsChoice')}</legend>
            <p className="hint">{t('import.listsHint')}</p>
            {d.choices.lists.length === 0 ? <p>{t('import.noLists')}</p> : null}
            {d.choices.lists.map((l) => (
              <label key={l.id} className="check">
                <input
                  type="checkbox"
                  name="listId"
                  value={l.id}
                  defaultChecked={(d.options.listIds ?? []).includes(l.id)}
                />{' '}
                {l.name}
              </label>
            ))}
          </fieldset>
        </fieldset>
        <p>
          <button type="submit" name="intent" value="map" className="secondary" disabled={busy}>
            {t('import.updatePreview')}
          </button>
        </p>
      </Form>

      {d.summary ? (
        <>
          <h2 id="problems">{t('import.problemsTitle', { count: d.problemTotal })}</h2>
          {d.problemTotal === 0 ? (
            <p>{t('import.noProblems')}</p>
          ) : (
            <>
              <p className="hint">{t('import.problemsHint')}</p>
              <ul className="cards">
                {d.problemRows.map((r) => (
                  <li key={r.line} className="card">
                    <Form method="post" className="stack" aria-labelledby={`line-${r.line}`}>
                      <h3 id={`line-${r.line}`}>{t('import.line', { line: r.line })}</h3>
                      <ul className="problems">
                        {r.problems.map((p) => (
                          <li key={p}>{t(`import.problems.${p}`)}</li>
                        ))}
                      </ul>
                      <input type="hidden" name="intent" value="fix" />
                      <input type="hidden" name="line" value={r.line} />
                      <div className="field-grid">
                        {mapped.map((f) => (
                          <div className="field" key={f}>
                            <label htmlFor={`fix-${r.line}-${f}`}>{t(`import.fields.${f}`)}</label>
                            <input
                              id={`fix-${r.line}-${f}`}
                              name={`fix-${f}`}
                              defaultValue={r.values[f] ?? ''}
                              list={LISTS[f]}
                              type={f === 'email' ? 'email' : 'text'}
                            />
                          </div>
                        ))}
                      </div>
                      <p>
                        <button type="submit" className="secondary" disabled={busy}>
                          {t('import.saveRow')}
                        </button>
                      </p>
                    </Form>
                  </li>
                ))}
              </ul>
              {d.problemTotal > d.problemRows.length ? (
                <p className="hint">{t('import.moreProblems', { count: d.problemTotal - d.problemRows.length })}</p>
              ) : null}
              <datalist id="import-languages">
                {LANGUAGES.map((l) => (
                  <option key={l} value={languageName(l, d.language)} />
                ))}
              </datalist>
              <datalist id="import-regions">
                {REGION_CODES.map((r) => (
                  <option key={r} value={r} />
                ))}
              </datalist>
              <datalist id="import-member-types">
                {MEMBER_TYPES.map((m) => (
                  <option key={m} value={t(`common:memberTypes.${m}`)} />
                ))}
              </datalist>
              <datalist id="import-structures">
                {d.structures.map((s) => (
                  <option key={s} value={s} />
                ))}
              </datalist>
            </>
          )}

          <h2>{t('import.previewRows', { count: d.preview.length })}</h2>
          <ScrollRegion>
            <table className="card-table">
              <thead>
                <tr>
                  <th scope="col">{t('import.fields.name')}</th>
                  <th scope="col" className="num">
                    {t('import.lineHeader')}
                  </th>
                  <th scope="col">{t('import.fields.email')}</th>
                  <th scope="col">{t('import.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {d.preview.map((r) => (
                  <tr key={r.line}>
                    <th scope="row">{r.name || '—'}</th>
                    <td className="num" data-label={t('import.lineHeader')}>
                      {r.line}
                    </td>
                    <td className="break" data-label={t('import.fields.email')}>
                      {r.email || '—'}
                    </td>
                    <td data-label={t('import.outcome')}>
                      <span className={BADGE[r.action]}>{t(`import.actions.${r.action}`)}</span>
                      {r.fixed ? <span className="badge muted">{t('import.fixedBadge')}</span> : null}
                      {r.changed.length ? (
                        <span className="hint">
                          {r.changed.map((f) => t(`import.fields.${f === 'structureId' ? 'structure' : f}`)).join(', ')}
                        </span>
                      ) : null}
                      {r.problems.length ? (
                        <span className="hint">{r.problems.map((p) => t(`import.problems.${p}`)).join(' ')}</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>

          <div className="card stack">
            <p>{t('import.confirmHint')}</p>
            <p>
              <button type="submit" form="import-form" name="intent" value="import" disabled={busy}>
                {t('import.run', { create: d.summary.create, update: d.summary.update })}
              </button>
            </p>
          </div>
        </>
      ) : null}
    </>
  )
}

const LISTS: Partial<Record<ImportField, string>> = {
  preferredLanguage: 'import-languages',
  regionCode: 'import-regions',
  memberType: 'import-member-types',
  structure: 'import-structures',
}
