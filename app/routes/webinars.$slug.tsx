import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import type { Language } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { EventDetail } from '~/components/EventDetail'
import { type RecordingData, RecordingPlayer } from '~/components/RecordingPlayer'
import { RegistrationPanel, type RegistrationPanelData } from '~/components/RegistrationPanel'
import { baseUrl, requirePerson } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { LanguageSchema, OptionalPhoneSchema, parseForm } from '~/lib/validation'
import { listCaptions, transcripts } from '~/services/captions.server'
import { getEventDetail } from '~/services/events.server'
import { isPresenter } from '~/services/prep-pack.server'
import {
  cancelRegistration,
  getOwnRegistration,
  registerForEvent,
  registrationWindow,
  waitlistPosition,
} from '~/services/registrations.server'
import { getViewer } from '~/viewer.server'

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, null, data?.event.title)

const RegisterSchema = z.object({ channelLanguage: LanguageSchema, dialOutNumber: OptionalPhoneSchema })

function findWebinar(slug: string | undefined, language: Language) {
  const event = getEventDetail(getDb(), slug ?? '', language, 'webinar')
  if (!event) throw new Response('Not found', { status: 404 })
  return event
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone, person } = await getViewer(request)
  const event = findWebinar(params.slug, language)
  const db = getDb()
  const own = person ? getOwnRegistration(db, event.id, person.id) : undefined
  const state: RegistrationPanelData['state'] = registrationWindow(event)
  const channelLanguages = event.channels.map((c) => c.language)
  const preferred = person?.preferredLanguage ?? language
  const registration: RegistrationPanelData = {
    signedIn: Boolean(person),
    state,
    registration: own
      ? { ...own, waitlistPosition: own.status === 'waitlisted' ? waitlistPosition(db, event.id, own.id) : 0 }
      : null,
    channelLanguages,
    defaultChannel: channelLanguages.includes(preferred) ? preferred : (channelLanguages[0] ?? preferred),
    full: event.capacity !== null && event.confirmed >= event.capacity,
  }
  const presenting = person && new Date(event.startsAt) > new Date() ? isPresenter(db, event.id, person.id) : false
  return { event, language, timeZone, registration, presenting, recording: recordingData(event, language, request) }
}

function recordingData(
  event: ReturnType<typeof findWebinar>,
  language: Language,
  request: Request,
): RecordingData | null {
  const recordings = event.materials
    .filter((m) => m.kind === 'recording')
    .map((m) => ({ language: m.language as Language, url: m.url, title: m.title }))
  const captions = listCaptions(getDb(), event.id).map((c) => c.language)
  if (!recordings.length && !captions.length) return null
  const asked = LanguageSchema.safeParse(new URL(request.url).searchParams.get('listen'))
  const has = (l: Language) => recordings.some((r) => r.language === l)
  const playing = [asked.success ? asked.data : null, language, 'en' as const].find((l) => l && has(l))
  return {
    slug: event.slug,
    recordings,
    playing: playing ?? recordings[0]?.language ?? language,
    captions,
    transcripts: transcripts(getDb(), event.id),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const person = await requirePerson(request)
  const event = findWebinar(params.slug, person.preferredLanguage)
  const form = await readForm(request)
  const here = `/webinars/${event.slug}`
  if (form.get('intent') === 'cancel') {
    const result = cancelRegistration(getDb(), { eventId: event.id, personId: person.id, baseUrl: baseUrl() })
    if (!result.ok) return data({ errors: { form: [`errors.registration.${result.error}`] } }, { status: 409 })
    return redirectWithNotice(request, here, 'notices.registration.cancelled')
  }
  const parsed = parseForm(RegisterSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  const result = registerForEvent(getDb(), {
    eventId: event.id,
    personId: person.id,
    ...parsed.data,
    baseUrl: baseUrl(),
  })
  if (!result.ok) return data({ errors: { form: [`errors.registration.${result.error}`] } }, { status: 409 })
  const notice = !result.changed ? 'unchanged' : result.status
  return redirectWithNotice(request, here, `notices.registration.${notice}`)
}

export default function WebinarPage() {
  const { event, language, timeZone, registration, presenting, recording } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const errors = (actionData as { errors?: Record<string, string[] | undefined> } | undefined)?.errors
  return (
    <EventDetail
      event={event}
      language={language}
      timeZone={timeZone}
      aside={<RegistrationPanel data={registration} slug={event.slug} language={language} errors={errors} />}
    >
      {presenting ? (
        <p className="card">
          {t('slides.presenting')} <Link to={`/webinars/${event.slug}/slides`}>{t('slides.title')}</Link>
        </p>
      ) : null}
      {recording ? <RecordingPlayer data={recording} language={language} /> : null}
    </EventDetail>
  )
}
