import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { AffiliationRequestField } from '~/components/AffiliationRequestField'
import { Field } from '~/components/Field'
import { ProfileFields } from '~/components/ProfileFields'
import { baseUrl, requirePerson } from '~/guards.server'
import { languageCookie } from '~/i18n.server'
import { readForm } from '~/lib/form.server'
import { formatDate, formatRange, languageInText, timeZones } from '~/lib/format'
import { selfChosenTypeError } from '~/lib/member-types'
import { pageTitle } from '~/lib/meta'
import { AffiliationRequestSchema, ProfileSchema } from '~/lib/profile-schema'
import { parseForm } from '~/lib/validation'
import { assignmentsOf } from '~/services/interpreters.server'
import { getCalendarToken, preferencesToken, resetCalendarToken, updateProfile } from '~/services/people.server'
import {
  accreditedStructures,
  affiliationOf,
  endAffiliation,
  requestAffiliation,
  withdrawAffiliation,
} from '~/services/structures/affiliation.server'

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
  return {
    person,
    timeZones: timeZones(),
    affiliation: affiliationOf(db, person.id),
    structures: accreditedStructures(db),
    feedUrl,
    preferencesPath,
    booths,
  }
}

const REQUEST_STATUS = { notAccepting: 400, alreadyLinked: 409, pending: 409, notFound: 404, rateLimited: 429 } as const
const here = '/profile#structure-heading'

export async function action({ request }: ActionFunctionArgs) {
  const person = await requirePerson(request)
  const form = await readForm(request)
  if (form.get('intent') === 'reset-calendar') {
    resetCalendarToken(getDb(), person.id)
    return redirectWithNotice(request, '/profile#calendar-heading', 'notices.calendarReset')
  }
  const db = getDb()
  switch (form.get('intent')) {
    // A person asks to represent a structure; they never set it (its contact or staff confirm).
    case 'request-structure': {
      const parsed = parseForm(AffiliationRequestSchema, form)
      if (!parsed.ok) return data({ structureErrors: parsed.errors }, { status: 400 })
      if (!parsed.data.structureId)
        return data({ structureErrors: { structureId: ['errors.affiliation.choose'] } }, { status: 400 })
      const result = requestAffiliation(
        db,
        { personId: person.id, structureId: parsed.data.structureId, source: 'profile' },
        { baseUrl: baseUrl() },
      )
      if (!result.ok)
        return data(
          { structureErrors: { structureId: [`errors.affiliation.${result.error}`] } },
          {
            status: REQUEST_STATUS[result.error],
            headers: result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : undefined,
          },
        )
      return redirectWithNotice(
        request,
        here,
        result.confirmed ? 'notices.affiliation.confirmed' : 'notices.affiliation.requested',
      )
    }
    case 'withdraw-structure':
      if (!withdrawAffiliation(db, { personId: person.id }))
        return data({ structureErrors: { form: ['errors.affiliation.nothingPending'] } }, { status: 409 })
      return redirectWithNotice(request, here, 'notices.affiliation.withdrawn')
    case 'end-structure':
      if (form.get('confirm') !== 'yes')
        return data({ structureErrors: { confirm: ['errors.field.confirmDelete'] } }, { status: 400 })
      if (!endAffiliation(db, { personId: person.id }))
        return data({ structureErrors: { form: ['errors.affiliation.notLinked'] } }, { status: 409 })
      return redirectWithNotice(request, here, 'notices.affiliation.ended')
  }
  const parsed = parseForm(ProfileSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  // Staff confirm ALAC members, RALOs grant individual membership and structures confirm their representatives;
  // a person who has any of these keeps it.
  const typeError = selfChosenTypeError(parsed.data.memberType, person.memberType)
  if (typeError) return data({ errors: { memberType: [typeError] } }, { status: 400 })
  // Only the profile's own fields are written (a structure posted with them is not one of them).
  updateProfile(db, person.id, parsed.data)
  return redirectWithNotice(request, '/profile', 'notices.profileSaved', {
    headers: { 'Set-Cookie': await languageCookie.serialize(parsed.data.preferredLanguage) },
  })
}

export default function Profile() {
  const { t } = useTranslation()
  const { person, timeZones, affiliation, structures, feedUrl, preferencesPath, booths } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    | { errors?: Record<string, string[] | undefined>; structureErrors?: Record<string, string[] | undefined> }
    | undefined
  const errors = actionData?.errors
  const structureErrors = actionData?.structureErrors
  const busy = useNavigation().state === 'submitting'
  const date = (at: Date | string) => formatDate(new Date(at), person.preferredLanguage, person.timeZone)
  const { linked, pending } = affiliation
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
        <ProfileFields defaults={person} errors={errors} timeZones={timeZones} />
        <div>
          <button type="submit" disabled={busy}>
            {t('profile.save')}
          </button>
        </div>
      </Form>
      <section aria-labelledby="structure-heading" className="stack">
        <h2 id="structure-heading">{t('profile.structureTitle')}</h2>
        {structureErrors?.form ? (
          <p className="error-summary" role="alert">
            {structureErrors.form.map((e) => t(e)).join(' ')}
          </p>
        ) : null}
        {linked ? (
          <p>
            {t('profile.represents', { structure: linked.name, region: linked.regionCode })}{' '}
            <span className="muted">
              {linked.confirmedAt
                ? t(`profile.confirmedBy.${linked.confirmedVia ?? 'staff'}`, { date: date(linked.confirmedAt) })
                : t('profile.setByStaff')}
            </span>
          </p>
        ) : pending ? null : (
          <p>{t('profile.representsNone')}</p>
        )}
        {pending ? (
          <div className="card">
            <h3>
              {pending.name} <span className="badge warn">{t('profile.pendingBadge')}</span>
            </h3>
            <p>
              {t('profile.pendingRequest', {
                structure: pending.name,
                region: pending.regionCode,
                date: date(pending.requestedAt),
              })}
            </p>
            <p className="hint">{t('profile.pendingNext')}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw-structure" />
              <button type="submit" className="secondary" disabled={busy}>
                {t('profile.withdrawRequest')}
              </button>
            </Form>
          </div>
        ) : (
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="request-structure" />
            <AffiliationRequestField
              structures={structures}
              errors={structureErrors}
              label={linked ? t('profile.structureRequestOther') : undefined}
              emptyLabel={t('profile.chooseStructure')}
            />
            <div>
              <button type="submit" className="secondary" disabled={busy}>
                {t('profile.sendRequest')}
              </button>
            </div>
          </Form>
        )}
        {linked ? (
          <details open={Boolean(structureErrors?.confirm)}>
            <summary>{t('profile.endTitle', { structure: linked.name })}</summary>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="end-structure" />
              <p>{t('profile.endExplained', { structure: linked.name })}</p>
              <div className="field">
                <label className="check">
                  <input
                    type="checkbox"
                    name="confirm"
                    value="yes"
                    aria-invalid={Boolean(structureErrors?.confirm)}
                    aria-describedby={structureErrors?.confirm ? 'end-confirm-error' : undefined}
                  />{' '}
                  {t('profile.endConfirm')}
                </label>
                {structureErrors?.confirm ? (
                  <span id="end-confirm-error" className="field-error">
                    {t(structureErrors.confirm[0])}
                  </span>
                ) : null}
              </div>
              <div>
                <button type="submit" className="danger" disabled={busy}>
                  {t('profile.endSubmit')}
                </button>
              </div>
            </Form>
          </details>
        ) : null}
      </section>
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
