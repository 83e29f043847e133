import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { ProfileFields } from '~/components/ProfileFields'
import { baseUrl, requirePerson } from '~/guards.server'
import { languageCookie } from '~/i18n.server'
import { readForm } from '~/lib/form.server'
import { formatDate, formatRange, languageInText, timeZones } from '~/lib/format'
import { selfChosenTypeError } from '~/lib/member-types'
import { pageTitle } from '~/lib/meta'
import { ProfileSchema } from '~/lib/profile-schema'
import { parseForm } from '~/lib/validation'
import { assignmentsOf } from '~/services/interpreters.server'
import {
  getCalendarToken,
  listStructures,
  preferencesToken,
  resetCalendarToken,
  UnknownStructureError,
  updateProfile,
} from '~/services/people.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['auth'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'profile')

export async function loader({ request }: LoaderFunctionArgs) {
  const person = await requirePerson(request)
  const db = getDb()
  const token = getCalendarToken(db, person.id) ?? resetCalendarToken(db, person.id)
  const feedUrl = `${baseUrl()}/calendar/${token}/registrations.ics`
  const preferencesPath = `/newsletter/unsubscribe/${preferencesToken(db, person.id)}`
  const booths = assignmentsOf(db, person.id, person.preferredLanguage)
  return { person, timeZones: timeZones(), structures: listStructures(db), feedUrl, preferencesPath, booths }
}

export async function action({ request }: ActionFunctionArgs) {
  const person = await requirePerson(request)
  const form = await readForm(request)
  if (form.get('intent') === 'reset-calendar') {
    resetCalendarToken(getDb(), person.id)
    return redirectWithNotice(request, '/profile#calendar-heading', 'notices.calendarReset')
  }
  const parsed = parseForm(ProfileSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  try {
    // Staff confirm ALAC members and RALOs grant individual membership; a person who has either keeps it.
    const typeError = selfChosenTypeError(parsed.data.memberType, person.memberType)
    if (typeError) return data({ errors: { memberType: [typeError] } }, { status: 400 })
    updateProfile(getDb(), person.id, parsed.data)
  } catch (error) {
    if (error instanceof UnknownStructureError)
      return data({ errors: { structureId: ['errors.field.invalid'] } }, { status: 400 })
    throw error
  }
  return redirectWithNotice(request, '/profile', 'notices.profileSaved', {
    headers: { 'Set-Cookie': await languageCookie.serialize(parsed.data.preferredLanguage) },
  })
}

export default function Profile() {
  const { t } = useTranslation()
  const { person, timeZones, structures, feedUrl, preferencesPath, booths } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = (actionData as { errors?: Record<string, string[] | undefined> } | undefined)?.errors
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <h1>{t('profile.title')}</h1>
      <dl className="details">
        <dt>{t('auth:email')}</dt>
        <dd>{person.email}</dd>
        <dt>{t('profile.roles')}</dt>
        <dd>{[t('roles.participant'), ...person.roles.map((r) => t(`roles.${r}`))].join(', ')}</dd>
      </dl>
      {errors ? (
        <p className="error-summary" role="alert">
          {t('errors.form.fix')}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <Field
          name="name"
          label={t('profile.name')}
          errors={errors?.name}
          defaultValue={person.name}
          autoComplete="name"
          required
        />
        <ProfileFields defaults={person} errors={errors} timeZones={timeZones} structures={structures} />
        <div>
          <button type="submit" disabled={busy}>
            {t('profile.save')}
          </button>
        </div>
      </Form>
      <section aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">{t('calendar.title')}</h2>
        <p>{t('calendar.intro')}</p>
        <div className="field">
          <label htmlFor="feed-url">{t('calendar.url')}</label>
          <input id="feed-url" type="url" readOnly value={feedUrl} onFocus={(e) => e.currentTarget.select()} />
        </div>
        <p>
          <a className="button secondary" href={feedUrl.replace(/^https?:/, 'webcal:')}>
            {t('calendar.subscribe')}
          </a>
        </p>
        <p className="muted">{t('calendar.private')}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="reset-calendar" />
          <button type="submit" className="secondary" disabled={busy}>
            {t('calendar.reset')}
          </button>
        </Form>
      </section>
      {booths.length ? (
        <section aria-labelledby="booths-heading">
          <h2 id="booths-heading">{t('profile.boothsTitle')}</h2>
          <p>{t('profile.boothsIntro')}</p>
          <ul className="event-list">
            {booths.map((b) => (
              <li key={`${b.eventId}-${b.language}`}>
                <span className="when">
                  {formatRange(new Date(b.startsAt), new Date(b.endsAt), person.preferredLanguage, person.timeZone)}
                </span>
                <Link to={`/webinars/${b.slug}`}>{b.title}</Link>
                <span className="muted block">
                  {t('profile.boothLine', {
                    language: languageInText(b.language, person.preferredLanguage),
                    id: b.conferenceId,
                  })}
                </span>
                {b.cancelled ? (
                  <span className="badge bad">{t('profile.boothCancelled')}</span>
                ) : (
                  <span className="muted block">
                    {b.packSentAt
                      ? t('profile.packSent', {
                          date: formatDate(new Date(b.packSentAt), person.preferredLanguage, person.timeZone),
                        })
                      : t('profile.packNotYet')}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="mail-heading">
        <h2 id="mail-heading">{t('profile.mailTitle')}</h2>
        <p>{t('profile.mailIntro')}</p>
        <p className="actions">
          <Link className="button secondary" to={preferencesPath}>
            {t('profile.mailOpen')}
          </Link>
        </p>
      </section>
      <section aria-labelledby="membership-heading">
        <h2 id="membership-heading">{t('profile.membership')}</h2>
        <p>{t('profile.membershipIntro')}</p>
        <p className="actions">
          <Link className="button secondary" to="/membership">
            {t('profile.membershipOpen')}
          </Link>
        </p>
      </section>
      <section aria-labelledby="organisation-heading">
        <h2 id="organisation-heading">{t('profile.organisation')}</h2>
        <p>{t('profile.organisationIntro')}</p>
        <p className="actions">
          <Link className="button secondary" to="/structures/mine">
            {t('profile.organisationFollow')}
          </Link>{' '}
          <Link className="button secondary" to="/structures/apply">
            {t('profile.organisationApply')}
          </Link>
        </p>
      </section>
      <section aria-labelledby="data-heading">
        <h2 id="data-heading">{t('privacy.yourData')}</h2>
        <p>{t('privacy.yourDataIntro')}</p>
        <p className="actions">
          <a className="button secondary" href="/profile/data" download>
            {t('privacy.download')}
          </a>{' '}
          <Link className="button danger" to="/profile/delete">
            {t('privacy.deleteTitle')}
          </Link>
        </p>
        <p className="muted">
          <Link to="/privacy">{t('privacy.readNotice')}</Link>
        </p>
      </section>
    </>
  )
}
