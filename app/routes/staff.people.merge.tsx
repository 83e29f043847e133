import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { ConfirmCheck } from '~/components/ConfirmCheck'
import { isConfirmed, readForm } from '~/lib/form.server'
import { formatDate, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField } from '~/lib/params.server'
import { MERGE_FIELDS, type MergeChoices } from '~/lib/person-merge'
import { searchDirectory } from '~/services/people/directory.server'
import { mergeCandidates, mergePeople } from '~/services/people/merge.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'peopleMerge')

/**
 * `?a=ID&b=ID` compares two records side by side; with `a` alone, a search (`q`) finds the
 * second. The record in `a` is the one that remains.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const url = new URL(request.url)
  const a = idField(url.searchParams.get('a'))
  const b = idField(url.searchParams.get('b'))
  const q = (url.searchParams.get('q') ?? '').slice(0, 200)
  if (a === null) throw new Response('Not found', { status: 404 })
  const db = getDb()
  const [keep, remove] = mergeCandidates(db, [a, b ?? a])
  if (!keep || keep.erasedAt) throw new Response('Not found', { status: 404 })
  const other = b !== null && b !== a && remove && !remove.erasedAt ? remove : null
  const matches =
    !other && q.trim()
      ? searchDirectory(db, { filters: { q }, sort: 'name' })
          .rows.filter((r) => r.id !== a)
          .slice(0, 20)
      : []
  return { keep, remove: other, q, matches, language, timeZone }
}

export async function action({ request }: ActionFunctionArgs) {
  const { person: staff } = await requireViewer(request, { role: 'staff' })
  const form = await readForm(request)
  const keepId = idField(form.get('keep'))
  const removeId = idField(form.get('remove'))
  if (keepId === null || removeId === null) return data({ error: 'errors.badRequest.body' }, { status: 400 })
  // It cannot be undone: it runs only once the staff member ticked what it will do.
  if (!isConfirmed(form)) return data({ error: 'errors.merge.confirm' }, { status: 400 })
  const choices: MergeChoices = {}
  for (const f of MERGE_FIELDS) {
    const v = form.get(f)
    if (v === 'keep' || v === 'remove') choices[f] = v
    else if (v !== null) return data({ error: 'errors.badRequest.body' }, { status: 400 })
  }
  const result = mergePeople(getDb(), { keepId, removeId, choices }, { actorId: staff.id })
  if (!result.ok) {
    const status = result.error === 'notFound' ? 404 : 409
    return data({ error: `errors.merge.${result.error}` }, { status })
  }
  return redirectWithNotice(request, `/staff/people/${keepId}`, 'notices.person.merged')
}

type Candidate = NonNullable<Awaited<ReturnType<typeof loader>>['keep']>

export default function Merge() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const { keep, remove } = d
  const show = (p: Candidate, f: (typeof MERGE_FIELDS)[number]): string => {
    if (f === 'preferredLanguage') return languageName(p.preferredLanguage, d.language)
    if (f === 'memberType') return t(`common:memberTypes.${p.memberType}`)
    if (f === 'structureId') return p.structureName ?? '—'
    return (p[f] as string | null) || '—'
  }
  const empty = (p: Candidate, f: (typeof MERGE_FIELDS)[number]) => p[f] === null || p[f] === ''
  const card = (p: Candidate, label: string) => (
    <section className="card stack" aria-labelledby={`record-${p.id}`}>
      <h2 id={`record-${p.id}`}>
        {label}: <Link to={`/staff/people/${p.id}`}>{p.name}</Link>
      </h2>
      {/* What tells two records of the same name apart. */}
      <dl className="details">
        <dt>{t('merge.fields.email')}</dt>
        <dd className="break">{p.email}</dd>
        <dt>{t('merge.fields.regionCode')}</dt>
        <dd>{p.regionCode ?? '—'}</dd>
        <dt>{t('merge.fields.structureId')}</dt>
        <dd>{p.structureName ?? '—'}</dd>
        <dt>{t('merge.created')}</dt>
        <dd>{formatDate(p.createdAt, d.language, d.timeZone)}</dd>
        <dt>{t('merge.lastActivity')}</dt>
        <dd>{p.lastActivityAt ? formatDate(p.lastActivityAt, d.language, d.timeZone) : t('merge.noActivity')}</dd>
      </dl>
      <p className="hint">
        {p.hasPassword ? t('people.states.active') : t('people.states.invited')}
        {p.roles.length ? ` · ${p.roles.map((r) => t(`common:roles.${r}`)).join(', ')}` : ''}
      </p>
      <ul className="inline-list">
        {Object.entries(p.counts).map(([k, n]) => (
          <li key={k}>{t(`merge.counts.${k}`, { count: n })}</li>
        ))}
      </ul>
    </section>
  )
  return (
    <>
      <p>
        <Link to="/staff/people/duplicates">← {t('duplicates.title')}</Link>
      </p>
      <h1>{t('merge.title')}</h1>
      {!remove ? (
        <>
          <p className="lede">{t('merge.pickLede', { name: keep.name })}</p>
          <Form method="get" role="search" className="filters">
            <input type="hidden" name="a" value={keep.id} />
            <div className="field grow">
              <label htmlFor="merge-q">{t('merge.findOther')}</label>
              <input id="merge-q" name="q" type="search" defaultValue={d.q} />
            </div>
            <div className="field">
              <button type="submit">{t('people.show')}</button>
            </div>
          </Form>
          {d.q && d.matches.length === 0 ? <p className="empty">{t('people.none')}</p> : null}
          <ul className="cards">
            {d.matches.map((m) => (
              <li key={m.id} className="card">
                <strong>{m.name}</strong> <span className="break">{m.email}</span> · {m.regionCode ?? '—'}{' '}
                <Link to={`/staff/people/merge?a=${keep.id}&b=${m.id}`}>{t('merge.compare')}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <p className="lede">{t('merge.lede', { keep: keep.name, remove: remove.name })}</p>
          <div className="two-up">
            {card(keep, t('merge.keeps'))}
            {card(remove, t('merge.removes'))}
          </div>
          <p>
            <Link to={`/staff/people/merge?a=${remove.id}&b=${keep.id}`}>{t('merge.swap')}</Link>
          </p>
          <Form method="post" className="stack">
            <input type="hidden" name="keep" value={keep.id} />
            <input type="hidden" name="remove" value={remove.id} />
            <h2>{t('merge.chooseTitle')}</h2>
            {MERGE_FIELDS.map((f) => {
              const same = show(keep, f) === show(remove, f)
              const preferRemove = empty(keep, f) && !empty(remove, f)
              return (
                <fieldset key={f} className="merge-field">
                  <legend>{t(`merge.fields.${f}`)}</legend>
                  {same ? (
                    <p>
                      {show(keep, f)} <span className="hint">{t('merge.same')}</span>
                      <input type="hidden" name={f} value="keep" />
                    </p>
                  ) : (
                    (['keep', 'remove'] as const).map((side) => (
                      <label key={side} className="choice">
                        <input
                          type="radio"
                          name={f}
                          value={side}
                          defaultChecked={(side === 'remove') === preferRemove}
                        />{' '}
                        <span className="break">{show(side === 'keep' ? keep : remove, f)}</span>
                      </label>
                    ))
                  )}
                </fieldset>
              )
            })}
            <p className="hint">{t('merge.whatMoves')}</p>
            <ConfirmCheck
              label={t('merge.confirmCheck', {
                remove: `${remove.name} <${remove.email}>`,
                keep: `${keep.name} <${keep.email}>`,
                moved:
                  Object.entries(remove.counts)
                    .filter(([, n]) => n > 0)
                    .map(([k, n]) => t(`merge.counts.${k}`, { count: n }))
                    .join(', ') || t('merge.nothingToMove'),
              })}
              error={a?.error === 'errors.merge.confirm' ? t('common:errors.merge.confirm') : null}
            />
            {a?.error && a.error !== 'errors.merge.confirm' ? (
              <p className="form-error" role="alert">
                {t(`common:${a.error}`)}
              </p>
            ) : null}
            <p>
              <button type="submit" className="danger" disabled={busy}>
                {t('merge.confirm', { remove: remove.email, keep: keep.email })}
              </button>
            </p>
          </Form>
        </>
      )}
    </>
  )
}
