/**
 * A webinar's interpretation booths: for each channel, the interpreters assigned (a booth
 * is covered with two), the qualified interpreters staff can add (one booth per interpreter
 * and webinar), and removal. Staff are warned when an interpreter is booked on another
 * event at an overlapping time.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { requireRole } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatRange, languageInText } from '~/lib/format'
import { BOOTH_SIZE } from '~/lib/language-pairs'
import { pageTitle } from '~/lib/meta'
import { idField, idParam } from '~/lib/params.server'
import { staffWebinar } from '~/lib/staff-webinar.server'
import { LanguageSchema } from '~/lib/validation'
import { assignInterpreter, boothCoverage, unassignInterpreter } from '~/services/interpreters.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'booths')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const id = idParam(params.id)
  const { title } = staffWebinar(id, language)
  return { id, title, language, timeZone, booths: boothCoverage(db, id, language) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const db = getDb()
  const id = idParam(params.id)
  staffWebinar(id)
  const form = await readForm(request)
  const language = LanguageSchema.safeParse(form.get('language'))
  const personId = idField(form.get('personId'))
  if (!language.success || !personId)
    return data({ errors: { [String(form.get('language'))]: ['staff:booths.errors.choose'] } }, { status: 400 })
  const here = `/staff/webinars/${id}/booths`
  if (form.get('intent') === 'remove') {
    if (!unassignInterpreter(db, { eventId: id, language: language.data, personId }, { actorId: staff.id }))
      return data({ errors: { [language.data]: ['errors.notFoundNothingChanged'] } }, { status: 409 })
    return redirectWithNotice(request, `${here}#booth-${language.data}`, 'notices.boothRemoved')
  }
  const result = assignInterpreter(db, { eventId: id, language: language.data, personId }, { actorId: staff.id })
  if (!result.ok) return data({ errors: { [language.data]: [`staff:booths.errors.${result.error}`] } }, { status: 409 })
  return redirectWithNotice(
    request,
    `${here}#booth-${language.data}`,
    result.clashes.length ? 'notices.boothAssignedClash' : 'notices.boothAssigned',
  )
}

export default function Booths() {
  const { t } = useTranslation('staff')
  const { id, title, language, timeZone, booths } = useLoaderData<typeof loader>()
  const clashText = (clashes: { title: string; startsAt: string | Date; endsAt: string | Date }[]) =>
    clashes
      .map((c) =>
        t('booths.clashOne', {
          title: c.title,
          when: formatRange(new Date(c.startsAt), new Date(c.endsAt), language, timeZone),
        }),
      )
      .join(' ')
  const actionData = useActionData<typeof action>()
  const errors = actionData?.errors as Record<string, string[]> | undefined
  return (
    <>
      <p>
        <Link to={`/staff/webinars/${id}`}>{title}</Link>
      </p>
      <h1>{t('booths.title')}</h1>
      <p className="lede">{t('booths.lede', { count: BOOTH_SIZE })}</p>
      {booths.length === 0 ? <p>{t('webinars.noChannels')}</p> : null}
      <div className="cards">
        {booths.map((b) => (
          <section key={b.language} className="card" aria-labelledby={`booth-${b.language}`}>
            <h2 id={`booth-${b.language}`}>
              {t('booths.booth', { language: languageInText(b.language, language) })}{' '}
              <span className={`badge ${b.covered ? 'ok' : 'warn'}`}>
                {b.covered
                  ? t('booths.covered')
                  : t('booths.notCovered', { count: b.assigned.length, size: BOOTH_SIZE })}
              </span>
            </h2>
            <p className="hint">{t('booths.conference', { id: b.conferenceId })}</p>
            {b.assigned.length ? (
              <ul className="booth-members">
                {b.assigned.map((a) => (
                  <li key={a.personId}>
                    <span>
                      {a.name}
                      {a.otherBooths.length ? (
                        <span className="hint warn-text">
                          {t('booths.alsoIn', {
                            booths: a.otherBooths.map((l) => languageInText(l, language)).join(', '),
                          })}
                        </span>
                      ) : null}
                      {a.clashes.length ? (
                        <span className="hint warn-text">
                          {t('booths.clash')} {clashText(a.clashes)}
                        </span>
                      ) : null}
                    </span>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="language" value={b.language} />
                      <input type="hidden" name="personId" value={a.personId} />
                      <button
                        type="submit"
                        className="secondary small"
                        aria-label={t('booths.removeNamed', { name: a.name })}
                      >
                        {t('booths.remove')}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('booths.empty')}</p>
            )}
            {b.candidates.length ? (
              <Form method="post" className="filters">
                <input type="hidden" name="intent" value="assign" />
                <input type="hidden" name="language" value={b.language} />
                <div className="field">
                  <label htmlFor={`add-${b.language}`}>
                    {t('booths.add', { language: languageInText(b.language, language) })}
                  </label>
                  <select
                    id={`add-${b.language}`}
                    name="personId"
                    aria-invalid={Boolean(errors?.[b.language])}
                    aria-describedby={errors?.[b.language] ? `add-${b.language}-error` : undefined}
                  >
                    {b.candidates.map((c) => (
                      <option key={c.personId} value={c.personId}>
                        {c.provider ? `${c.name} (${c.provider})` : c.name}
                        {c.clashes.length ? ` — ${t('booths.bookedElsewhere')}` : ''}
                      </option>
                    ))}
                  </select>
                  {b.candidates.some((c) => c.clashes.length) ? (
                    <span className="hint">
                      {b.candidates
                        .filter((c) => c.clashes.length)
                        .map((c) => t('booths.candidateClash', { name: c.name, events: clashText(c.clashes) }))
                        .join(' ')}
                    </span>
                  ) : null}
                  {errors?.[b.language] ? (
                    <span className="field-error" id={`add-${b.language}-error`}>
                      {errors[b.language].map((e) => t(e.includes(':') ? e : `common:${e}`)).join(' ')}
                    </span>
                  ) : null}
                </div>
                <div>
                  <button type="submit">{t('booths.assign')}</button>
                </div>
              </Form>
            ) : (
              <>
                {/* A refusal from a page shown before the last change (nobody is left to offer): still said. */}
                {errors?.[b.language] ? (
                  <p className="field-error" role="alert">
                    {errors[b.language].map((e) => t(e.includes(':') ? e : `common:${e}`)).join(' ')}
                  </p>
                ) : null}
                <p className="muted">
                  {t('booths.noCandidates')} <Link to="/staff/interpreters">{t('booths.manage')}</Link>
                </p>
              </>
            )}
          </section>
        ))}
      </div>
    </>
  )
}
