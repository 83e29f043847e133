import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { and, eq } from 'drizzle-orm'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client'
import { events, people, structures, summitParticipations } from '#db/schema'
import { requirePerson } from '~/guards.server'
import { formatDate } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { getSummit } from '~/services/summits.server'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'visaLetter')

/**
 * A printable visa invitation letter. The participant sees their own; staff may
 * open anyone's with ?participation=<id>. It is written in English, the language
 * consulates expect, whatever the reader's language.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const person = await requirePerson(request)
  const db = getDb()
  const found = db.select({ id: events.id }).from(events).where(and(eq(events.slug, params.slug ?? ''), eq(events.kind, 'summit'))).get()
  if (!found) throw new Response('Not found', { status: 404 })
  const requested = new URL(request.url).searchParams.get('participation')
  const isStaff = person.roles.includes('staff')
  const which = requested && isStaff ? eq(summitParticipations.id, Number(requested) || 0) : eq(summitParticipations.personId, person.id)
  const row = db
    .select({ name: people.name, structure: structures.name, status: summitParticipations.status, arrivalAt: summitParticipations.arrivalAt, departureAt: summitParticipations.departureAt, funding: summitParticipations.funding })
    .from(summitParticipations)
    .innerJoin(people, eq(people.id, summitParticipations.personId))
    .leftJoin(structures, eq(structures.id, summitParticipations.structureId))
    .where(and(eq(summitParticipations.eventId, found.id), which))
    .get()
  if (!row || row.status !== 'confirmed') throw new Response('Not found', { status: 404 })
  const summit = getSummit(db, found.id, 'en')!
  const day = (d: Date) => formatDate(d, 'en', summit.timeZone)
  return {
    letter: {
      name: row.name,
      structure: row.structure,
      summit: summit.title,
      venue: [summit.venue, summit.city].filter(Boolean).join(', '),
      dates: `${day(summit.startsAt)} – ${day(summit.endsAt)}`,
      stay: row.arrivalAt && row.departureAt ? `${day(row.arrivalAt)} – ${day(row.departureAt)}` : null,
      funded: row.funding === 'funded',
      issued: day(new Date()),
    },
  }
}

export default function VisaLetter() {
  const { t } = useTranslation('staff')
  const { letter } = useLoaderData<typeof loader>()
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
        is invited to take part in <strong>{letter.summit}</strong>, held at {letter.venue || 'the venue'} from {letter.dates}.
      </p>
      {letter.stay ? <p>The participant will stay from {letter.stay}.</p> : null}
      <p>{letter.funded ? 'Travel and accommodation for the summit are funded by the organisers.' : 'The participant attends at their own expense.'}</p>
      <p>We kindly ask that the competent authorities grant the participant the visa needed to attend.</p>
      <p>
        Yours faithfully,
        <br />
        At-Large staff
      </p>
    </article>
  )
}
