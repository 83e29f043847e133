import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { requirePerson } from '~/guards.server'
import { formatDate } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField } from '~/lib/params.server'
import { getSummit } from '~/services/summits/summit.server'
import { visaLetter } from '~/services/summits/travel.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['summits'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'visaLetter')

/**
 * A printable visa invitation letter. The participant sees their own; staff may
 * open anyone's with ?participation=<id>. It prints the name exactly as in the
 * passport, and only once staff have confirmed that name (the letter says who
 * confirmed it and when). It is written in English, the language consulates expect.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const person = await requirePerson(request)
  const db = getDb()
  const found = visaLetter(db, {
    slug: params.slug ?? '',
    personId: person.id,
    participationId: idField(new URL(request.url).searchParams.get('participation')),
    isStaff: person.roles.includes('staff'),
  })
  if (!found) throw new Response('Not found', { status: 404 })
  if (found.unconfirmed) return data({ letter: null, slug: params.slug ?? '' }, { status: 409 })
  const summit = getSummit(db, found.summitId, 'en')!
  const day = (d: Date) => formatDate(d, 'en', summit.timeZone)
  return {
    slug: params.slug ?? '',
    letter: {
      name: found.passportName!,
      structure: found.structure,
      summit: summit.title,
      venue: [summit.venue, summit.city].filter(Boolean).join(', '),
      dates: `${day(summit.startsAt)} – ${day(summit.endsAt)}`,
      stay: found.arrivalAt && found.departureAt ? `${day(found.arrivalAt)} – ${day(found.departureAt)}` : null,
      funded: found.funding === 'funded',
      issued: day(new Date()),
      confirmed: `${found.confirmedBy ?? 'At-Large staff'}, ${day(found.confirmedAt!)}`,
    },
  }
}

export default function VisaLetter() {
  const { t } = useTranslation('summits')
  const { letter, slug } = useLoaderData<typeof loader>()
  if (!letter) {
    return (
      <>
        <h1>{t('summits.visaNotYetTitle')}</h1>
        <p>{t('summits.visaNotYet')}</p>
        <p>
          <Link to={`/summits/${slug}/me`}>{t('summits.visaNotYetLink')}</Link>
        </p>
      </>
    )
  }
  return (
    <article lang="en" className="letter">
      <p className="no-print notice">
        {t('summits.visaLetterHint')}{' '}
        <button type="button" className="secondary small" onClick={() => window.print()}>
          {t('summits.print')}
        </button>
      </p>
      <p>{letter.issued}</p>
      <h1>Letter of invitation</h1>
      <p>To whom it may concern,</p>
      <p>
        This letter confirms that <strong>{letter.name}</strong>
        {letter.structure ? (
          <>
            , representative of <strong>{letter.structure}</strong>,
          </>
        ) : null}{' '}
        is invited to take part in <strong>{letter.summit}</strong>, held at {letter.venue || 'the venue'} from{' '}
        {letter.dates}.
      </p>
      {letter.stay ? <p>The participant will stay from {letter.stay}.</p> : null}
      <p>
        {letter.funded
          ? 'Travel and accommodation for the summit are funded by the organisers.'
          : 'The participant attends at their own expense.'}
      </p>
      <p>We kindly ask that the competent authorities grant the participant the visa needed to attend.</p>
      <p>
        Yours faithfully,
        <br />
        At-Large staff
      </p>
      <p className="muted">Name as in the passport confirmed by {letter.confirmed}.</p>
    </article>
  )
}
