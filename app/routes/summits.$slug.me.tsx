import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { SummitProgramme } from '~/components/SummitProgramme'
import { requirePerson } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatRange } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { optionalLine, OptionalPhoneSchema } from '~/lib/validation'
import { utcToZoned, zonedToUtc } from '~/lib/zoned'
import { getEventBySlug } from '~/services/events.server'
import { MAX_PREFERENCES, saveGroupPreferences } from '~/services/summits/groups.server'
import { summitGroups } from '~/services/summits/groups.server'
import { summitProgramme } from '~/services/summits/programme.server'
import { getSummit } from '~/services/summits/summit.server'
import { ownSummitPlace, saveTravel, type TravelInput } from '~/services/summits/travel.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['summits'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'mySummit', data?.summit.title)

function findSummit(slug: string | undefined) {
  return getEventBySlug(getDb(), { slug: slug ?? '', kind: 'summit' })
}

/** Only the participant themself: the place comes from the session, never from the address. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { person: person, language, timeZone } = await requireViewer(request)
  const found = findSummit(params.slug)
  if (!found) throw new Response('Not found', { status: 404 })
  const db = getDb()
  const summit = getSummit(db, found.id, language)!
  const place = ownSummitPlace(db, found.id, person.id, language)
  if (!place) throw new Response('Not found', { status: 404 })
  const zoned = (d: Date | null) => (d ? utcToZoned(d, summit.timeZone) : { date: '', time: '' })
  const arrival = zoned(place.arrivalAt)
  const departure = zoned(place.departureAt)
  return {
    summit: {
      slug: summit.slug,
      title: summit.title,
      when: formatRange(summit.startsAt, summit.endsAt, language, timeZone),
      timeZone: summit.timeZone,
      city: summit.city,
    },
    place: {
      status: place.status,
      funding: place.funding,
      fundingReason: place.fundingReason,
      missing: place.missing,
      group: place.group,
      visaLetterNeeded: place.visaLetterNeeded,
      passportNameConfirmed: Boolean(place.passportName && place.passportNameConfirmedAt),
      checkedIn: Boolean(place.checkedInAt),
    },
    groups: summitGroups(db, found.id, language).map((g) => ({ id: g.id, name: g.name, topic: g.topic })),
    preferences: place.workingGroupPreferences ?? [],
    programme: summitProgramme(db, found.id, language),
    language,
    values: {
      arrivalDate: arrival.date,
      arrivalTime: arrival.time,
      arrivalCarrier: place.arrivalCarrier ?? '',
      departureDate: departure.date,
      departureTime: departure.time,
      departureCarrier: place.departureCarrier ?? '',
      hotel: place.hotel ?? '',
      hotelNights: place.hotelNights ? String(place.hotelNights) : '',
      visaLetterNeeded: place.visaLetterNeeded ? 'on' : '',
      passportName: place.passportName ?? '',
      dietaryNeeds: place.dietaryNeeds ?? '',
      accessibilityNeeds: place.accessibilityNeeds ?? '',
      emergencyContactName: place.emergencyContactName ?? '',
      emergencyContactPhone: place.emergencyContactPhone ?? '',
    } as Record<string, string>,
  }
}

const text = (max: number) => z.string().trim().max(max, { error: 'errors.field.tooLong' }).optional().default('')
const date = z
  .string()
  .trim()
  .optional()
  .default('')
  .refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), { error: 'errors.webinar.date' })
const time = z
  .string()
  .trim()
  .optional()
  .default('')
  .refine((v) => v === '' || /^\d{2}:\d{2}$/.test(v), { error: 'errors.webinar.time' })
const TravelSchema = z.object({
  arrivalDate: date,
  arrivalTime: time,
  arrivalCarrier: optionalLine(120),
  departureDate: date,
  departureTime: time,
  departureCarrier: optionalLine(120),
  hotel: optionalLine(200),
  hotelNights: z
    .string()
    .trim()
    .optional()
    .default('')
    .refine((v) => v === '' || (/^\d{1,2}$/.test(v) && Number(v) <= 30), { error: 'errors.summit.nights' }),
  visaLetterNeeded: z.string().optional(),
  passportName: optionalLine(120),
  dietaryNeeds: text(300),
  accessibilityNeeds: text(300),
  emergencyContactName: optionalLine(120),
  emergencyContactPhone: OptionalPhoneSchema,
})

export async function action({ request, params }: ActionFunctionArgs) {
  const person = await requirePerson(request)
  const form = await readForm(request)
  const found = findSummit(params.slug)
  if (!found) throw new Response('Not found', { status: 404 })
  const db = getDb()
  const summit = getSummit(db, found.id, 'en')!
  const place = ownSummitPlace(db, found.id, person.id, 'en')
  if (!place) throw new Response('Not found', { status: 404 })
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]))
  if (values.intent === 'preferences') {
    const chosen = Array.from({ length: MAX_PREFERENCES }, (_, i) => values[`preference${i + 1}`] ?? '').filter(Boolean)
    const ids = chosen.map(Number)
    const result = ids.every((n) => Number.isInteger(n) && n > 0)
      ? saveGroupPreferences(db, { summitId: found.id, personId: person.id, groupIds: ids })
      : ({ ok: false, error: 'unknownGroup' } as const)
    if (!result.ok)
      return data(
        { preferenceError: `errors.summit.preference.${result.error}`, errors: undefined, values: undefined },
        { status: result.error === 'notFound' ? 404 : 400 },
      )
    return redirectWithNotice(request, `/summits/${params.slug}/me`, 'notices.summit.preferencesSaved')
  }
  const parsed = TravelSchema.safeParse(values)
  if (!parsed.success)
    return data(
      { errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>, values },
      { status: 400 },
    )
  const v = parsed.data
  const errors: Record<string, string[]> = {}
  const instant = (d: string, t: string, field: string) => {
    if (!d && !t) return null
    const at = d && t ? zonedToUtc(d, t, summit.timeZone) : null
    if (!at) errors[field] = ['errors.summit.dateAndTime']
    return at
  }
  const input: TravelInput = {
    arrivalAt: instant(v.arrivalDate, v.arrivalTime, 'arrivalDate'),
    arrivalCarrier: v.arrivalCarrier,
    departureAt: instant(v.departureDate, v.departureTime, 'departureDate'),
    departureCarrier: v.departureCarrier,
    hotel: v.hotel,
    hotelNights: v.hotelNights ? Number(v.hotelNights) : null,
    visaLetterNeeded: v.visaLetterNeeded === 'on',
    passportName: v.passportName,
    dietaryNeeds: v.dietaryNeeds,
    accessibilityNeeds: v.accessibilityNeeds,
    emergencyContactName: v.emergencyContactName,
    emergencyContactPhone: v.emergencyContactPhone ?? '',
  }
  if (Object.keys(errors).length) return data({ errors, values }, { status: 400 })
  const result = saveTravel(
    db,
    { summitId: found.id, participationId: place.id, travel: input },
    { actorId: person.id },
  )
  if (!result.ok) {
    if (result.error === 'notFound') throw new Response('Not found', { status: 404 })
    const fieldOf = { arrivalAt: 'arrivalDate', departureAt: 'departureDate' } as const
    return data(
      {
        errors: Object.fromEntries(
          Object.entries(result.problems).map(([k, p]) => [fieldOf[k as keyof typeof fieldOf], [`errors.summit.${p}`]]),
        ),
        values,
      },
      { status: 400 },
    )
  }
  return redirectWithNotice(request, `/summits/${params.slug}/me`, 'notices.summit.travelSaved')
}

export default function MySummit() {
  const { t } = useTranslation('summits')
  const { summit, place, values, groups, preferences, programme, language } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const v = a?.values ?? values
  const errors = a?.errors
  const preferenceError = a && 'preferenceError' in a ? a.preferenceError : null
  const canPrefer = !place.group && groups.length > 0 && (place.status === 'nominated' || place.status === 'confirmed')
  return (
    <>
      <h1>{t('mySummit.title', { title: summit.title })}</h1>
      <p className="lede">
        {summit.when}
        {summit.city ? ` · ${summit.city}` : ''}
      </p>
      <dl className="details">
        <div>
          <dt>{t('summits.status')}</dt>
          <dd>{t(`summits.statuses.${place.status}`)}</dd>
        </div>
        <div>
          <dt>{t('summits.funding')}</dt>
          <dd>
            {t(`summits.fundings.${place.funding}`)}
            {place.fundingReason ? ` — ${place.fundingReason}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('mySummit.group')}</dt>
          <dd>
            {place.group ? (
              <>
                {place.group.name} <span className="muted">({place.group.topic})</span>
              </>
            ) : (
              t('mySummit.noGroup')
            )}
          </dd>
        </div>
      </dl>
      <p>
        <Link to={`/summits/${summit.slug}/logistics`}>{t('logistics.open')}</Link>
        {place.visaLetterNeeded && place.status === 'confirmed' && place.passportNameConfirmed ? (
          <>
            {' · '}
            <Link to={`/summits/${summit.slug}/visa-letter`}>{t('logistics.visaLetter')}</Link>
          </>
        ) : null}
      </p>
      {place.visaLetterNeeded && place.status === 'confirmed' && !place.passportNameConfirmed ? (
        <p className="hint">{t('mySummit.visaWaiting')}</p>
      ) : null}

      {canPrefer ? (
        <section aria-labelledby="preferences">
          <h2 id="preferences">{t('mySummit.preferences')}</h2>
          <p className="hint">{t('mySummit.preferencesHint')}</p>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="preferences" />
            {preferenceError ? (
              <p className="error-summary" role="alert" id="preference-error">
                {t(`common:${preferenceError}`)}
              </p>
            ) : null}
            {Array.from({ length: Math.min(3, groups.length) }, (_, i) => (
              <div className="field" key={i}>
                <label htmlFor={`preference${i + 1}`}>{t(`mySummit.choices.${i + 1}`)}</label>
                <select
                  id={`preference${i + 1}`}
                  name={`preference${i + 1}`}
                  defaultValue={preferences[i] ?? ''}
                  aria-describedby={preferenceError ? 'preference-error' : undefined}
                >
                  <option value="">{t('mySummit.noChoice')}</option>
                  {groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                      {t('common:colon')}
                      {g.topic}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            <div>
              <button type="submit">{t('mySummit.savePreferences')}</button>
            </div>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="programme">
        <h2 id="programme">{t('mySummit.programme')}</h2>
        <p>
          <a href={`/summits/${summit.slug}/programme.ics`} download>
            {t('mySummit.calendar')}
          </a>
        </p>
        <SummitProgramme sessions={programme} slug={summit.slug} language={language} timeZone={summit.timeZone} />
      </section>

      <section aria-labelledby="travel">
        <h2 id="travel">{t('mySummit.travel')}</h2>
        {place.missing.length ? (
          <div className="notice" role="status">
            <p>{t('mySummit.missing')}</p>
            <ul>
              {place.missing.map((m) => (
                <li key={m}>{t(`mySummit.items.${m}`)}</li>
              ))}
            </ul>
          </div>
        ) : (
          <p>{t('mySummit.complete')}</p>
        )}
        <Form method="post" className="stack wide" noValidate>
          {errors ? (
            <p className="error-summary" role="alert">
              {t('common:errors.form.fix')}
            </p>
          ) : null}
          <p className="hint">{t('mySummit.zoneHint', { zone: summit.timeZone })}</p>
          {(['arrival', 'departure'] as const).map((leg) => (
            <fieldset key={leg}>
              <legend>{t(`mySummit.${leg}`)}</legend>
              <Field
                name={`${leg}Date`}
                label={t('mySummit.date')}
                type="date"
                defaultValue={v[`${leg}Date`]}
                errors={errors?.[`${leg}Date`]}
              />
              <Field
                name={`${leg}Time`}
                label={t('mySummit.time')}
                type="time"
                defaultValue={v[`${leg}Time`]}
                errors={errors?.[`${leg}Time`]}
              />
              <Field
                name={`${leg}Carrier`}
                label={t('mySummit.carrier')}
                hint={t('mySummit.carrierHint')}
                defaultValue={v[`${leg}Carrier`]}
                errors={errors?.[`${leg}Carrier`]}
              />
            </fieldset>
          ))}
          <fieldset>
            <legend>{t('mySummit.stay')}</legend>
            <Field name="hotel" label={t('mySummit.hotel')} defaultValue={v.hotel} errors={errors?.hotel} />
            <Field
              name="hotelNights"
              label={t('mySummit.nights')}
              type="number"
              defaultValue={v.hotelNights}
              errors={errors?.hotelNights}
            />
            <div className="field">
              <label>
                <input type="checkbox" name="visaLetterNeeded" defaultChecked={v.visaLetterNeeded === 'on'} />{' '}
                {t('mySummit.visa')}
              </label>
            </div>
            <Field
              name="passportName"
              label={t('mySummit.passportName')}
              hint={place.passportNameConfirmed ? t('mySummit.passportNameConfirmed') : t('mySummit.passportNameHint')}
              defaultValue={v.passportName}
              errors={errors?.passportName}
              autoComplete="off"
            />
            <Field
              name="dietaryNeeds"
              label={t('mySummit.dietary')}
              defaultValue={v.dietaryNeeds}
              errors={errors?.dietaryNeeds}
            />
            <Field
              name="accessibilityNeeds"
              label={t('mySummit.accessibility')}
              defaultValue={v.accessibilityNeeds}
              errors={errors?.accessibilityNeeds}
            />
          </fieldset>
          <fieldset>
            <legend>{t('mySummit.emergency')}</legend>
            <Field
              name="emergencyContactName"
              label={t('mySummit.contactName')}
              defaultValue={v.emergencyContactName}
              errors={errors?.emergencyContactName}
            />
            <Field
              name="emergencyContactPhone"
              label={t('mySummit.contactPhone')}
              type="tel"
              defaultValue={v.emergencyContactPhone}
              errors={errors?.emergencyContactPhone}
            />
          </fieldset>
          <p className="hint">{t('mySummit.privacy')}</p>
          <div>
            <button type="submit">{t('mySummit.save')}</button>
          </div>
        </Form>
      </section>
    </>
  )
}
