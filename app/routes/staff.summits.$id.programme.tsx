import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { type Language, LANGUAGES, SESSION_TYPES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { ScrollRegion } from '~/components/ScrollRegion'
import { readForm } from '~/lib/form.server'
import { formatDate, formatNumber, formatTime, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { staffSummit } from '~/lib/staff-summit.server'
import { optionalLine, requiredLine } from '~/lib/validation'
import { ConferenceId } from '~/lib/webinar-form'
import { zonedToUtc } from '~/lib/zoned'
import { sessionCounts } from '~/services/summits/desk.server'
import {
  cancelSession,
  saveSession,
  sessionForEdit,
  type SessionInput,
  summitProgramme,
} from '~/services/summits/programme.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['summits'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'summitProgramme')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, db, id, summit } = await staffSummit(request, params)
  const editId = Number(new URL(request.url).searchParams.get('edit')) || null
  const editing = editId ? sessionForEdit(db, id, editId) : null
  if (editId && !editing) throw new Response('Not found', { status: 404 })
  const counts = sessionCounts(db, id)
  return {
    summit: { id, slug: summit.slug, title: summit.title, timeZone: summit.timeZone },
    sessions: summitProgramme(db, id, language).map((s) => ({ ...s, attended: counts.get(s.id) ?? 0 })),
    editing,
    language,
  }
}

const fields: Record<string, z.ZodType> = {
  sessionType: z.enum(SESSION_TYPES, { error: 'errors.field.invalid' }),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'errors.webinar.date' }),
  start: z.string().regex(/^\d{2}:\d{2}$/, { error: 'errors.webinar.time' }),
  end: z.string().regex(/^\d{2}:\d{2}$/, { error: 'errors.webinar.time' }),
  room: optionalLine(120),
}
for (const l of LANGUAGES) {
  fields[`title_${l}`] = l === 'en' ? requiredLine(200) : optionalLine(200)
  fields[`interpretation_${l}`] = z.string().optional()
  fields[`conferenceId_${l}`] = ConferenceId
}
const SessionSchema = z.object(fields)

export async function action({ request, params }: ActionFunctionArgs) {
  const { staff, db, id, summit } = await staffSummit(request, params)
  const form = await readForm(request)
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]))
  const here = `/staff/summits/${id}/programme`
  const sessionId = Number(values.sessionId) || null
  if (values.intent === 'cancel') {
    if (!sessionId || !cancelSession(db, { summitId: id, sessionId }, { actorId: staff.id }))
      return data(
        { errors: { form: ['errors.summit.sessionNotFound'] } as Record<string, string[]>, values },
        { status: 404 },
      )
    return redirectWithNotice(request, here, 'notices.summit.sessionCancelled')
  }
  if (values.intent !== 'save')
    return data({ errors: { form: ['errors.form.rejected'] } as Record<string, string[]>, values }, { status: 400 })
  const parsed = SessionSchema.safeParse(values)
  if (!parsed.success)
    return data(
      { errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>, values },
      { status: 400 },
    )
  const v = parsed.data as Record<string, string>
  const startsAt = zonedToUtc(v.date, v.start, summit.timeZone)
  const endsAt = zonedToUtc(v.date, v.end, summit.timeZone)
  if (!startsAt || !endsAt)
    return data({ errors: { start: ['errors.webinar.time'] } as Record<string, string[]>, values }, { status: 400 })
  const input: SessionInput = {
    titles: Object.fromEntries(LANGUAGES.map((l) => [l, v[`title_${l}`] ?? ''])) as SessionInput['titles'],
    sessionType: v.sessionType as SessionInput['sessionType'],
    startsAt,
    endsAt,
    room: v.room ?? '',
    channels: LANGUAGES.filter((l) => v[`interpretation_${l}`] === 'on' || v[`conferenceId_${l}`]).map(
      (language: Language) => ({ language, conferenceId: v[`conferenceId_${language}`] ?? '' }),
    ),
  }
  const result = saveSession(db, { summitId: id, sessionId, session: input }, { actorId: staff.id })
  if (!result.ok) {
    if (result.error === 'invalid') {
      const errors: Record<string, string[]> = {}
      if (result.problems.date) errors.date = [`errors.summit.${result.problems.date}`]
      if (result.problems.end) errors.end = [`errors.summit.${result.problems.end}`]
      return data({ errors, values }, { status: 400 })
    }
    return data(
      {
        errors: {
          form: [result.error === 'notFound' ? 'errors.summit.sessionNotFound' : 'errors.summit.sessionCancelled'],
        } as Record<string, string[]>,
        values,
      },
      { status: result.error === 'notFound' ? 404 : 409 },
    )
  }
  return redirectWithNotice(request, here, sessionId ? 'notices.summit.sessionSaved' : 'notices.summit.sessionAdded')
}

export default function SummitProgrammeAdmin() {
  const { t } = useTranslation('summits')
  const { summit, sessions, editing, language } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const errors = a?.errors
  const v: Record<string, string> = a?.values ??
    editing?.values ?? {
      sessionType: 'plenary',
      interpretation_en: 'on',
      interpretation_fr: 'on',
      interpretation_es: 'on',
    }
  const formKey = a ? 'returned' : (editing?.id ?? 'new')
  return (
    <>
      <h1>{t('programme.adminTitle', { title: summit.title })}</h1>
      <p>
        <Link to={`/staff/summits/${summit.id}`}>{t('summits.roster')}</Link> ·{' '}
        <Link to={`/summits/${summit.slug}`}>{t('programme.publicPage')}</Link> ·{' '}
        <Link to={`/staff/summits/${summit.id}/logistics`}>{t('logistics.edit')}</Link>
      </p>
      <ScrollRegion>
        <table>
          <caption>{t('programme.caption', { zone: summit.timeZone })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('programme.when')}</th>
              <th scope="col">{t('programme.session')}</th>
              <th scope="col">{t('programme.roomHeading')}</th>
              <th scope="col">{t('programme.interpretation')}</th>
              <th scope="col" className="num">
                {t('programme.attended')}
              </th>
              <th scope="col">{t('programme.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {formatDate(new Date(s.startsAt), language, summit.timeZone)},{' '}
                  {formatTime(new Date(s.startsAt), language, summit.timeZone)}–
                  {formatTime(new Date(s.endsAt), language, summit.timeZone)}
                </td>
                <td>
                  {s.title}{' '}
                  {s.sessionType ? <span className="badge">{t(`programme.types.${s.sessionType}`)}</span> : null}
                  {s.status === 'cancelled' ? (
                    <span className="badge bad">{t('common:events.status.cancelled')}</span>
                  ) : null}
                </td>
                <td>{s.room ?? ''}</td>
                <td>{s.languages.map((l) => languageName(l, language)).join(', ')}</td>
                <td className="num">
                  <Link to={`/staff/summits/${summit.id}/check-in?session=${s.id}`}>
                    {formatNumber(s.attended, language)}
                  </Link>
                </td>
                <td>
                  {s.status !== 'cancelled' ? (
                    <div className="actions">
                      <Link to={`?edit=${s.id}#session-form`} aria-label={`${t('programme.edit')}: ${s.title}`}>
                        {t('programme.edit')}
                      </Link>
                      <Form method="post">
                        <input type="hidden" name="intent" value="cancel" />
                        <input type="hidden" name="sessionId" value={s.id} />
                        <button type="submit" className="secondary" aria-label={`${t('programme.cancel')}: ${s.title}`}>
                          {t('programme.cancel')}
                        </button>
                      </Form>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      <section aria-labelledby="session-form">
        <h2 id="session-form">{editing ? t('programme.editTitle') : t('programme.addTitle')}</h2>
        {errors ? (
          <p className="error-summary" role="alert">
            {errors.form ? errors.form.map((e: string) => t(`common:${e}`)).join(' ') : t('common:errors.form.fix')}
          </p>
        ) : null}
        <Form method="post" className="stack wide" key={formKey} noValidate>
          <input type="hidden" name="intent" value="save" />
          {editing ? <input type="hidden" name="sessionId" value={editing.id} /> : null}
          {LANGUAGES.map((l) => (
            <Field
              key={l}
              name={`title_${l}`}
              label={t('programme.titleIn', { language: languageName(l, language) })}
              defaultValue={v[`title_${l}`]}
              errors={errors?.[`title_${l}`]}
            />
          ))}
          <Field name="sessionType" label={t('programme.type')} errors={errors?.sessionType}>
            {(p) => (
              <select {...p} defaultValue={v.sessionType}>
                {SESSION_TYPES.map((s) => (
                  <option key={s} value={s}>
                    {t(`programme.types.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <p className="hint">{t('mySummit.zoneHint', { zone: summit.timeZone })}</p>
          <Field name="date" label={t('mySummit.date')} type="date" defaultValue={v.date} errors={errors?.date} />
          <Field name="start" label={t('programme.start')} type="time" defaultValue={v.start} errors={errors?.start} />
          <Field name="end" label={t('programme.end')} type="time" defaultValue={v.end} errors={errors?.end} />
          <Field name="room" label={t('programme.roomHeading')} defaultValue={v.room} errors={errors?.room} />
          <fieldset>
            <legend>{t('programme.interpretation')}</legend>
            {LANGUAGES.map((l) => (
              <div key={l} className="field">
                <label>
                  <input
                    type="checkbox"
                    name={`interpretation_${l}`}
                    defaultChecked={v[`interpretation_${l}`] === 'on'}
                  />{' '}
                  {languageName(l, language)}
                </label>
                <Field
                  name={`conferenceId_${l}`}
                  label={t('programme.conferenceId', { language: languageName(l, language) })}
                  hint={t('programme.conferenceHint')}
                  defaultValue={v[`conferenceId_${l}`]}
                  errors={errors?.[`conferenceId_${l}`]}
                />
              </div>
            ))}
          </fieldset>
          <div>
            <button type="submit">{editing ? t('programme.save') : t('programme.add')}</button>{' '}
            {editing ? <Link to=".">{t('programme.stopEditing')}</Link> : null}
          </div>
        </Form>
      </section>
    </>
  )
}
