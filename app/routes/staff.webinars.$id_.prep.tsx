/**
 * A webinar's prep pack for interpreters: when it goes out (days before the start), what
 * it holds now (flagged materials, speakers, glossary extract), and what each booth's
 * interpreters were sent and when.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { baseUrl, requireRole } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatDate, formatDateTime, languageInText, languageName } from '~/lib/format'
import { loc } from '~/lib/localised'
import { pageTitle } from '~/lib/meta'
import { idParam } from '~/lib/params.server'
import { staffWebinar } from '~/lib/staff-webinar.server'
import { parseForm } from '~/lib/validation'
import {
  prepPackDate,
  prepPackFor,
  prepPackHistory,
  queuePrepPacks,
  setPrepPackDays,
} from '~/services/prep-pack.server'
import { requireViewer } from '~/viewer.server'

export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'prep')

const DaysSchema = z.object({
  days: z.coerce
    .number({ error: 'errors.field.wholeNumber' })
    .int({ error: 'errors.field.wholeNumber' })
    .min(1, { error: 'staff:prep.errors.days' })
    .max(60, { error: 'staff:prep.errors.days' }),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const id = idParam(params.id)
  const { event, title } = staffWebinar(id, language)
  const pack = prepPackFor(db, id)
  return {
    id,
    title,
    language,
    timeZone,
    days: event.prepPackDays,
    sendsOn: prepPackDate(event).toISOString(),
    past: event.startsAt <= new Date(),
    sent: prepPackDate(event) <= new Date(),
    pack: {
      materials: pack.contents.materials,
      speakers: pack.speakers.map((s) => ({ name: s.name, role: loc(s.role, language) })),
      terms: pack.terms.map((g) => ({ term: g.term, expansion: loc(g.expansion, language) })),
      agenda: Object.keys(pack.agenda).length > 0,
    },
    booths: prepPackHistory(db, id).map((b) => ({
      ...b,
      interpreters: b.interpreters.map((i) => ({
        ...i,
        sends: i.sends.map((s) => ({ ...s, sentAt: s.sentAt.toISOString() })),
      })),
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireRole(request, 'staff')
  const id = idParam(params.id)
  staffWebinar(id)
  const parsed = parseForm(DaysSchema, await readForm(request))
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  setPrepPackDays(getDb(), id, parsed.data.days)
  // Moving the date earlier can make the pack due now.
  queuePrepPacks(getDb(), { baseUrl: baseUrl(), eventId: id })
  return redirectWithNotice(request, `/staff/webinars/${id}/prep`, 'notices.prepDaysSaved')
}

export default function PrepPack() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const errors = useActionData<typeof action>()?.errors
  return (
    <>
      <p>
        <Link to={`/staff/webinars/${d.id}`}>{d.title}</Link>
      </p>
      <h1>{t('prep.title')}</h1>
      <p className="lede">{t('prep.lede')}</p>
      <Form method="post" className="filters card" noValidate>
        <Field
          name="days"
          label={t('prep.days')}
          type="number"
          defaultValue={String(d.days)}
          errors={errors?.days}
          hint={
            d.past
              ? undefined
              : t(d.sent ? 'prep.sentFrom' : 'prep.sendsOn', {
                  date: formatDate(new Date(d.sendsOn), d.language, d.timeZone),
                })
          }
        />
        <div>
          <button type="submit">{t('prep.saveDays')}</button>
        </div>
      </Form>

      <section aria-labelledby="pack-now">
        <h2 id="pack-now">{t('prep.now')}</h2>
        <h3>{t('prep.materials')}</h3>
        {d.pack.materials.length ? (
          <ul>
            {d.pack.materials.map((m) => (
              <li key={m.id}>
                <a href={m.url}>{m.title}</a> — {t(`common:events.materialKinds.${m.kind}`)},{' '}
                {languageName(m.language, d.language)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">
            {t('prep.noMaterials')} <Link to={`/staff/webinars/${d.id}?tab=materials`}>{t('prep.addMaterials')}</Link>
          </p>
        )}
        <h3>{t('prep.speakers')}</h3>
        {d.pack.speakers.length ? (
          <ul>
            {d.pack.speakers.map((s) => (
              <li key={s.name}>
                {s.name}
                {s.role ? ` (${s.role})` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('prep.noSpeakers')}</p>
        )}
        <h3>{t('prep.glossary')}</h3>
        {d.pack.terms.length ? (
          <p>
            {d.pack.terms.map((g, i) => (
              <span key={g.term}>
                {i ? ', ' : ''}
                <abbr title={g.expansion}>{g.term}</abbr>
              </span>
            ))}
          </p>
        ) : (
          <p className="muted">{t('prep.noTerms')}</p>
        )}
        <p className="hint">{d.pack.agenda ? t('prep.agendaIncluded') : t('prep.noAgenda')}</p>
      </section>

      <section aria-labelledby="received">
        <h2 id="received">{t('prep.received')}</h2>
        {d.booths.length === 0 ? (
          <p className="muted">
            {t('prep.noInterpreters')} <Link to={`/staff/webinars/${d.id}/booths`}>{t('booths.title')}</Link>
          </p>
        ) : null}
        <div className="cards">
          {d.booths.map((b) => (
            <section key={b.language} className="card" aria-labelledby={`received-${b.language}`}>
              <h3 id={`received-${b.language}`}>
                {t('booths.booth', { language: languageInText(b.language, d.language) })}
              </h3>
              {b.interpreters.map((i) => (
                <div key={i.personId}>
                  <h4>{i.name}</h4>
                  {i.sends.length === 0 ? (
                    <p className="muted">{t('prep.nothingYet')}</p>
                  ) : (
                    <ul>
                      {i.sends.map((s) => (
                        <li key={s.id}>
                          {t(`prep.sendKind.${s.kind}`, {
                            when: formatDateTime(new Date(s.sentAt), d.language, d.timeZone),
                          })}
                          {t('common:colon')}
                          {s.contents.materials.length
                            ? s.contents.materials.map((m) => m.title).join(', ')
                            : t('prep.noMaterialsShort')}
                          {s.contents.terms.length ? ` · ${t('prep.terms', { count: s.contents.terms.length })}` : ''}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              ))}
            </section>
          ))}
        </div>
      </section>
    </>
  )
}
