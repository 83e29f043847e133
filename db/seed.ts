/**
 * Loads the demo data (db/seed-data.ts) into an empty database. Deterministic:
 * the same people, registrations and figures on every fresh start, except that
 * future webinars are placed relative to today.
 */
import { and, eq, sql } from 'drizzle-orm'

import { parseCaptions } from '../app/services/captions.server'
import { subscribe } from '../app/services/newsletters/lists.server'
import { hashPassword } from '../app/services/passwords.server'
import { newSecretToken } from '../app/services/people.server'
import { rebuildCounts } from '../app/services/surveys/answers.server'
import { insertHeldMeeting, publishMeeting } from '../app/services/working-group-meetings.server'
import type { DB } from './client'
import { ensureReferenceData } from './reference'
import * as s from './schema'
import {
  CURRENT_SERIES,
  demoCaptions,
  DRAFT_NEWSLETTER,
  FUTURE_WEBINARS,
  GLOSSARY,
  INTERPRETERS,
  MAILING_LISTS,
  MEETING_ACTIONS,
  meetingMinutes,
  meetingTexts,
  NEWSLETTER,
  NEXT_WEBINAR_AGENDA,
  PIPELINE_STATEMENTS,
  POLICY_TOPICS,
  PRE_ATLAS_WEBINARS,
  RECOMMENDATIONS,
  REGION_PEOPLE,
  REVIEW_ITEMS,
  SEED_CHANNELS,
  SERIES,
  shortName,
  STANDING_GROUPS,
  STRUCTURES,
  SUMMIT,
  SUMMIT_SESSIONS,
  THEMATIC_GROUPS,
} from './seed-data'
import { seedMembership } from './seed-membership'
import { seedSurveys } from './seed-surveys'

export const DEMO_PASSWORD = 'demo-password'
export const DEMO_ACCOUNTS = {
  staff: 'staff@example.org',
  analyst: 'analyst@example.org',
  participant: 'participant@example.org',
  raloLeader: 'ralo.leader@example.org',
} as const

/** A small deterministic PRNG (mulberry32), so the demo is the same on every machine. */
function random(seedValue: number) {
  let a = seedValue >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  }
}

/** No people yet (the reference data of db/reference.ts may be there: every start loads it). */
export function isEmpty(db: DB): boolean {
  return (db.get<{ n: number }>(sql`select count(*) as n from people`)?.n ?? 0) === 0
}

function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '')
}

export type SeedOptions = { now?: Date; participants?: number }

export async function seed(db: DB, { now = new Date(), participants = 320 }: SeedOptions = {}) {
  const demoHash = await hashPassword(DEMO_PASSWORD)
  const rnd = random(2014)
  const day = 86400_000

  ensureReferenceData(db) // the regions and the checklist's criteria, as every deployment has them
  db.transaction((tx) => {
    // Structures with their accreditation history: an accreditation right after an
    // application gets the steps between (due diligence, RALO advice), dated in between.
    const STATUS_AFTER: Record<s.AccreditationStep, s.AccreditationStatus> = {
      applied: 'applied',
      diligence_started: 'due_diligence',
      diligence_done: 'ralo_advice',
      ralo_advice: 'alac_decision',
      accredited: 'accredited',
      rejected: 'rejected',
      review_opened: 'under_review',
      review_passed: 'accredited',
      withdrawn: 'withdrawn',
      decertified: 'decertified',
    }
    const structureIds: { id: number; region: s.RegionCode; status: string }[] = []
    let resolution = 0
    for (const st of STRUCTURES) {
      const steps: [s.AccreditationStep, Date][] = []
      st.history.forEach(([step, date], i) => {
        const at = new Date(`${date}T12:00:00Z`)
        const previous = st.history[i - 1]
        if (step === 'accredited' && previous?.[0] === 'applied') {
          const from = new Date(`${previous[1]}T12:00:00Z`).getTime()
          const span = at.getTime() - from
          steps.push(['diligence_started', new Date(from + span * 0.1)])
          steps.push(['diligence_done', new Date(from + span * 0.45)])
          steps.push(['ralo_advice', new Date(from + span * 0.75)])
        }
        steps.push([step, at])
      })
      const current = STATUS_AFTER[steps[steps.length - 1][0]]
      const row = tx
        .insert(s.structures)
        .values({ name: st.name, regionCode: st.region, country: st.country, accreditationStatus: current })
        .returning({ id: s.structures.id })
        .get()
      for (const [step, at] of steps) {
        const decided = step === 'accredited' || step === 'decertified' || step === 'rejected'
        if (decided) resolution++
        tx.insert(s.accreditationHistory)
          .values({
            structureId: row.id,
            step,
            status: STATUS_AFTER[step],
            changedAt: at,
            advice: step === 'ralo_advice' ? 'support' : null,
            reference: decided ? `AL-ALAC-RES-${at.getUTCFullYear()}-${String(resolution).padStart(2, '0')}` : null,
            decidedOn: decided ? at.toISOString().slice(0, 10) : null,
            note:
              step === 'decertified'
                ? 'No representative took part in RALO or working-group meetings for three years.'
                : step === 'withdrawn'
                  ? 'The organisation asked to withdraw (merged with another ALS).'
                  : step === 'review_opened'
                    ? 'No RALO meeting attended in the last 12 months.'
                    : null,
          })
          .run()
      }
      structureIds.push({ id: row.id, region: st.region, status: current })
    }
    // Applications in progress: staff's checks so far, and what the applicant answered.
    const criteria = tx.select().from(s.accreditationCriteria).all()
    for (const st of structureIds) {
      if (st.status !== 'ralo_advice' && st.status !== 'due_diligence') continue
      const checked = st.status === 'ralo_advice' ? criteria : criteria.slice(0, 2)
      for (const c of checked) {
        tx.insert(s.structureChecks)
          .values({ structureId: st.id, criterionId: c.id, met: true, checkedAt: new Date(now.getTime() - 20 * day) })
          .run()
      }
      tx.update(s.structures)
        .set({
          website: `https://www.example.${st.region === 'AFRALO' ? 'sn' : 'jp'}/`,
          description:
            'Trains Internet users, runs a help desk on online rights and takes part in national IGF meetings.',
          applicationAnswers: Object.fromEntries(criteria.map((c) => [String(c.id), 'Yes: see our statutes.'])),
        })
        .where(sql`${s.structures.id} = ${st.id}`)
        .run()
    }

    // Demo accounts.
    const person = (values: Omit<typeof s.people.$inferInsert, 'calendarToken' | 'unsubscribeToken'>) =>
      tx
        .insert(s.people)
        .values({ ...values, calendarToken: newSecretToken(), unsubscribeToken: newSecretToken() })
        .returning({ id: s.people.id })
        .get().id
    const staffId = person({
      email: DEMO_ACCOUNTS.staff,
      name: 'Silvia Staff',
      passwordHash: demoHash,
      preferredLanguage: 'en',
      timeZone: 'Europe/London',
      regionCode: 'EURALO',
      memberType: 'guest',
    })
    tx.insert(s.personRoles).values({ personId: staffId, role: 'staff' }).run()
    const analystId = person({
      email: DEMO_ACCOUNTS.analyst,
      name: 'André Analyste',
      passwordHash: demoHash,
      preferredLanguage: 'fr',
      timeZone: 'Europe/Paris',
      regionCode: 'EURALO',
      memberType: 'guest',
    })
    tx.insert(s.personRoles).values({ personId: analystId, role: 'analyst' }).run()
    const participantId = person({
      email: DEMO_ACCOUNTS.participant,
      name: 'Lucía Participante',
      passwordHash: demoHash,
      preferredLanguage: 'es',
      timeZone: 'America/Bogota',
      regionCode: 'LACRALO',
      structureId: structureIds.find((x) => x.region === 'LACRALO')!.id,
      memberType: 'als_representative',
    })

    const raloLeaderId = person({
      email: DEMO_ACCOUNTS.raloLeader,
      name: 'Aminata Diop',
      passwordHash: demoHash,
      preferredLanguage: 'fr',
      timeZone: 'Africa/Dakar',
      regionCode: 'AFRALO',
      memberType: 'individual_member',
    })
    tx.insert(s.personRoles).values({ personId: raloLeaderId, role: 'ralo_leader', regionCode: 'AFRALO' }).run()

    // Participants in all regions: ALS representatives, individual members, ALAC members.
    type P = {
      id: number
      region: s.RegionCode
      structureId: number | null
      language: s.Language
      memberType: s.MemberType
    }
    const everyone: P[] = [
      {
        id: participantId,
        region: 'LACRALO',
        structureId: structureIds.find((x) => x.region === 'LACRALO')!.id,
        language: 'es',
        memberType: 'als_representative',
      },
    ]
    const usedEmails = new Set<string>()
    for (let i = 0; i < participants; i++) {
      const region = s.REGION_CODES[i % 5]
      const pool = REGION_PEOPLE[region]
      const given = rnd.pick(pool.given)
      const family = rnd.pick(pool.family)
      let email = `${slugify(given)}.${slugify(family)}@example.net`
      for (let n = 2; usedEmails.has(email); n++) email = `${slugify(given)}.${slugify(family)}${n}@example.net`
      usedEmails.add(email)
      const regionStructures = structureIds.filter((x) => x.region === region && x.status === 'accredited')
      const memberType: s.MemberType =
        i % 20 < 3 ? 'alac_member' : i % 20 < 12 ? 'als_representative' : 'individual_member'
      const structureId = memberType === 'als_representative' ? rnd.pick(regionStructures).id : null
      const language = rnd.pick(pool.languages)
      const id = person({
        email,
        name: `${given} ${family}`,
        passwordHash: null,
        preferredLanguage: language,
        timeZone: rnd.pick(pool.zones),
        regionCode: region,
        structureId,
        memberType,
      })
      everyone.push({ id, region, structureId, language, memberType })
    }

    // Each structure's contact (accreditation mails go to them): its first representative.
    for (const st of structureIds) {
      const representative = everyone.find((p) => p.structureId === st.id)
      if (representative)
        tx.update(s.structures)
          .set({ contactPersonId: representative.id })
          .where(sql`${s.structures.id} = ${st.id}`)
          .run()
    }
    // Every other accredited structure with a contact went through a review months ago: staff
    // opened it, the contact confirmed the details by the mailed link (spent), staff closed it.
    // The others never confirmed since their accreditation, so the expectations review has
    // some to flag and some not.
    structureIds
      .filter((st) => st.status === 'accredited' && everyone.some((p) => p.structureId === st.id))
      .forEach((st, i) => {
        if (i % 2 === 1) return
        const confirmedAt = new Date(now.getTime() - (90 + 45 * i) * day)
        const openedAt = new Date(confirmedAt.getTime() - 12 * day)
        const passedAt = new Date(confirmedAt.getTime() + 3 * day)
        const step = (step: 'review_opened' | 'review_passed', at: Date, status: s.AccreditationStatus) =>
          tx
            .insert(s.accreditationHistory)
            .values({ structureId: st.id, step, status, changedAt: at, changedById: staffId })
            .run()
        step('review_opened', openedAt, 'under_review')
        tx.insert(s.structureConfirmations)
          .values({
            structureId: st.id,
            tokenHash: newSecretToken(),
            expiresAt: new Date(openedAt.getTime() + 60 * day),
            usedAt: confirmedAt,
            activity: 'Two workshops for new Internet users, a statement to our national regulator, RALO calls.',
            changes: { by: everyone.find((p) => p.structureId === st.id)!.id, fields: {}, contact: null, leaving: [] },
            createdAt: openedAt,
          })
          .run()
        step('review_passed', passedAt, 'accredited')
        tx.update(s.structures)
          .set({ detailsConfirmedAt: passedAt })
          .where(sql`${s.structures.id} = ${st.id}`)
          .run()
      })

    seedMembership(tx, {
      now,
      members: [...everyone, { id: raloLeaderId, region: 'AFRALO', memberType: 'individual_member' }],
      person,
      staffId,
      raloLeaderId,
    })

    // A few records staff would merge (the same person twice: another address, or the
    // same address with dots or a +tag) and a member whose account staff deactivated.
    const copyOf = (index: number, email: (original: string) => string) => {
      const original = tx
        .select()
        .from(s.people)
        .where(sql`${s.people.id} = ${everyone[Math.min(index, everyone.length - 1)].id}`)
        .get()!
      return person({
        email: email(original.email),
        name: original.name,
        passwordHash: null,
        preferredLanguage: original.preferredLanguage,
        timeZone: original.timeZone,
        regionCode: original.regionCode,
        memberType: original.memberType === 'alac_member' ? 'individual_member' : original.memberType,
        phone: '+221 77 000 00 00',
      })
    }
    if (participants > 0) {
      copyOf(1, (e) => e.replace('@example.net', '@example.com'))
      copyOf(7, (e) => e.replace('@', '+summit@'))
      copyOf(13, (e) => e.replace('.', ''))
      person({
        email: 'former.member@example.net',
        name: 'Rafael Antiguo',
        passwordHash: demoHash,
        preferredLanguage: 'es',
        timeZone: 'America/Montevideo',
        regionCode: 'LACRALO',
        memberType: 'individual_member',
        deactivatedAt: new Date(now.getTime() - 40 * 86400_000),
      })
      // A request to represent the demo participant's structure, waiting for her (its contact) or staff.
      const asking = person({
        email: 'mateo.solicitante@example.net',
        name: 'Mateo Solicitante',
        passwordHash: demoHash,
        preferredLanguage: 'es',
        timeZone: 'America/Argentina/Buenos_Aires',
        regionCode: 'LACRALO',
        memberType: 'guest',
      })
      const askedAt = new Date(now.getTime() - 3 * 86400_000)
      const structureId = structureIds.find((x) => x.region === 'LACRALO')!.id
      const request = tx
        .insert(s.affiliationRequests)
        .values({ personId: asking, structureId, source: 'profile', requestedAt: askedAt })
        .returning({ id: s.affiliationRequests.id })
        .get().id
      tx.insert(s.auditLog)
        .values({
          actorId: asking,
          action: 'affiliation.requested',
          entityType: 'person',
          entityId: String(asking),
          details: { structure: structureId, request, source: 'profile' },
          at: askedAt,
        })
        .run()
    }

    // Series and webinars.
    const seriesRow = (def: typeof SERIES) => {
      const id = tx.insert(s.series).values({ slug: def.slug }).returning({ id: s.series.id }).get().id
      for (const language of s.LANGUAGES) {
        tx.insert(s.seriesTranslations)
          .values({ seriesId: id, language, title: def.title[language], description: def.description[language] })
          .run()
      }
      return id
    }
    const preAtlasId = seriesRow(SERIES)
    const currentSeriesId = seriesRow(CURRENT_SERIES)

    const addChannels = (eventId: number) => {
      for (const c of SEED_CHANNELS) {
        tx.insert(s.interpretationChannels)
          .values({
            eventId,
            language: c.language,
            conferenceId: c.conferenceId,
            dialInNumbers: '+1 866 692 5726 (toll-free, US); +44 20 3478 5289 (UK)',
            interpreters:
              c.language === 'en' ? '' : c.language === 'fr' ? 'Claire Dupont; Hervé Martin' : 'Ana Ruiz; Pablo Ortega',
          })
          .run()
      }
    }

    const pastWebinarIds: number[] = []
    for (const w of PRE_ATLAS_WEBINARS) {
      const startsAt = new Date(w.start)
      const id = tx
        .insert(s.events)
        .values({
          kind: 'webinar',
          slug: w.slug,
          seriesId: preAtlasId,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 3600_000),
          timeZone: 'UTC',
          platformName: 'Adobe Connect',
          platformUrl: 'https://participate.example.org/atlas-ii-capacity-building',
          capacity: 200,
          status: 'completed',
          createdById: staffId,
        })
        .returning({ id: s.events.id })
        .get().id
      for (const language of s.LANGUAGES) {
        tx.insert(s.eventTranslations)
          .values({
            eventId: id,
            language,
            title: w.title[language],
            description:
              w.description?.[language] ??
              {
                en: `A pre-ATLAS II capacity building webinar on "${w.title.en}", with French and Spanish interpretation.`,
                fr: `Un webinaire de renforcement des capacités avant ATLAS II sur le thème « ${w.title.fr} », avec interprétation en français et en espagnol.`,
                es: `Un seminario web de desarrollo de capacidades previo a ATLAS II sobre «${w.title.es}», con interpretación al francés y al español.`,
              }[language],
            agenda: w.agenda?.[language] ?? '',
          })
          .run()
      }
      if (w.presenter) {
        tx.insert(s.eventPresenters).values({ eventId: id, name: w.presenter.name, role: w.presenter.role }).run()
      }
      addChannels(id)
      for (const language of s.LANGUAGES) {
        tx.insert(s.materials)
          .values({
            eventId: id,
            language,
            kind: 'recording',
            title: `${w.title[language]} (${language})`,
            url: `https://community.example.org/atlas-ii/webinars/${w.slug}/recording-${language}`,
          })
          .run()
      }
      tx.insert(s.materials)
        .values({
          eventId: id,
          language: 'en',
          kind: 'slides',
          title: w.title.en,
          url: `https://community.example.org/atlas-ii/webinars/${w.slug}/slides-en.pdf`,
        })
        .run()
      // The recordings' captions in the three languages (five cues each).
      for (const language of s.LANGUAGES) {
        const parsed = parseCaptions(demoCaptions(w.title[language], language))
        if (!parsed.ok) throw new Error(`demo captions for ${w.slug} (${language}) are not valid WebVTT`)
        tx.insert(s.captionTracks)
          .values({
            eventId: id,
            language,
            vtt: parsed.vtt,
            cueCount: parsed.cues.length,
            transcript: parsed.cues.map(({ start, text }) => ({ start, text })),
          })
          .run()
      }
      pastWebinarIds.push(id)
    }

    const futureWebinarIds: number[] = []
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
    for (const w of FUTURE_WEBINARS) {
      const startsAt = new Date(today + w.daysAhead * day + w.hourUtc * 3600_000)
      const id = tx
        .insert(s.events)
        .values({
          kind: 'webinar',
          slug: w.slug,
          seriesId: currentSeriesId,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 90 * 60_000),
          timeZone: 'UTC',
          platformName: 'Zoom',
          platformUrl: `https://participate.example.org/${w.slug}`,
          capacity: 100,
          registrationOpensAt: new Date(today - 7 * day),
          registrationClosesAt: new Date(startsAt.getTime() - 3600_000),
          status: 'scheduled',
          createdById: staffId,
        })
        .returning({ id: s.events.id })
        .get().id
      for (const language of s.LANGUAGES) {
        if (language === 'fr' && w.frMissing) continue
        tx.insert(s.eventTranslations)
          .values({ eventId: id, language, title: w.title[language], description: w.description[language] })
          .run()
      }
      addChannels(id)
      futureWebinarIds.push(id)
    }

    // Interpreters, and the next webinar's booths: French and English covered, Spanish one short.
    for (const i of INTERPRETERS) {
      const personId = person({
        email: i.email,
        name: i.name,
        passwordHash: null,
        preferredLanguage: i.language,
        timeZone: i.timeZone,
        memberType: 'guest',
      })
      tx.insert(s.interpreters).values({ personId, pairs: i.pairs, provider: i.provider }).run()
      if (i.booth)
        tx.insert(s.interpreterAssignments).values({ eventId: futureWebinarIds[0], language: i.booth, personId }).run()
    }
    // The next webinar's presenter (the AFRALO leader, who adds the slides) and an agenda the
    // glossary extract draws on; its booths are still to be confirmed or cancelled.
    tx.insert(s.eventPresenters)
      .values({
        eventId: futureWebinarIds[0],
        personId: raloLeaderId,
        name: 'Aminata Diop',
        role: { en: 'AFRALO Chair', fr: "Présidente d'AFRALO", es: 'Presidenta de AFRALO' },
      })
      .run()
    for (const [language, agenda] of Object.entries(NEXT_WEBINAR_AGENDA))
      tx.update(s.eventTranslations)
        .set({ agenda })
        .where(
          and(
            eq(s.eventTranslations.eventId, futureWebinarIds[0]),
            eq(s.eventTranslations.language, language as s.Language),
          ),
        )
        .run()

    // Registrations: past webinars with attendance, future ones open.
    const register = (eventId: number, p: P, attended: boolean | null, at: Date) =>
      tx
        .insert(s.registrations)
        .values({
          eventId,
          personId: p.id,
          status: 'confirmed',
          channelLanguage: p.language,
          attended,
          createdAt: at,
          updatedAt: at,
        })
        .returning({ id: s.registrations.id })
        .get().id
    const record = (
      p: P,
      kind: (typeof s.participationRecords.$inferInsert)['kind'],
      sourceType: string,
      sourceId: number,
      occurredAt: Date,
    ) =>
      tx
        .insert(s.participationRecords)
        .values({
          personId: p.id,
          structureId: p.structureId,
          regionCode: p.region,
          kind,
          sourceType,
          sourceId,
          occurredAt,
        })
        .run()
    PRE_ATLAS_WEBINARS.forEach((w, i) => {
      const eventId = pastWebinarIds[i]
      const start = new Date(w.start)
      for (const p of everyone) {
        if (!rnd.chance(p.memberType === 'als_representative' ? 0.45 : 0.2)) continue
        const attended = rnd.chance(0.72)
        const regId = register(eventId, p, attended, new Date(start.getTime() - (2 + rnd.next() * 20) * day))
        record(p, 'webinar_registered', 'registration', regId, start)
        if (attended) record(p, 'webinar_attended', 'registration', regId, start)
      }
    })
    futureWebinarIds.forEach((eventId, i) => {
      for (const p of everyone.slice(1)) {
        if (!rnd.chance(0.12 / (i + 1))) continue
        register(eventId, p, null, new Date(now.getTime() - rnd.next() * 5 * day))
      }
    })

    // The summit, its programme and thematic groups.
    const summitStart = new Date(SUMMIT.start)
    const summitId = tx
      .insert(s.events)
      .values({
        kind: 'summit',
        slug: SUMMIT.slug,
        startsAt: summitStart,
        endsAt: new Date(SUMMIT.end),
        timeZone: SUMMIT.timeZone,
        venue: SUMMIT.venue,
        city: SUMMIT.city,
        capacity: 160,
        status: 'completed',
        createdById: staffId,
      })
      .returning({ id: s.events.id })
      .get().id
    for (const language of s.LANGUAGES) {
      tx.insert(s.eventTranslations)
        .values({
          eventId: summitId,
          language,
          title: SUMMIT.title[language],
          description: SUMMIT.description[language],
          practicalInfo: SUMMIT.practicalInfo[language],
        })
        .run()
    }
    const sessionIds: { id: number; startsAt: Date }[] = []
    SUMMIT_SESSIONS.forEach((session, i) => {
      // London is on BST (UTC+1) in June 2014.
      const at = (hhmm: string) => new Date(`2014-06-${session.day}T${hhmm}:00+01:00`)
      const id = tx
        .insert(s.events)
        .values({
          kind: 'session',
          slug: `${SUMMIT.slug}-session-${i + 1}`,
          parentEventId: summitId,
          startsAt: at(session.start),
          endsAt: at(session.end),
          timeZone: SUMMIT.timeZone,
          venue: SUMMIT.venue,
          city: SUMMIT.city,
          room: session.room,
          sessionType: session.type,
          status: 'completed',
        })
        .returning({ id: s.events.id })
        .get().id
      for (const language of s.LANGUAGES) {
        tx.insert(s.eventTranslations).values({ eventId: id, language, title: session.title[language] }).run()
      }
      addChannels(id)
      sessionIds.push({ id, startsAt: at(session.start) })
    })
    const groupIds = THEMATIC_GROUPS.map(
      (name, i) =>
        tx
          .insert(s.workingGroups)
          .values({
            eventId: summitId,
            kind: 'thematic',
            name: { en: `Thematic Group ${i + 1}`, fr: `Groupe thématique ${i + 1}`, es: `Grupo temático ${i + 1}` },
            topic: name,
            reportStatus: 'adopted',
            reportUrl: `https://community.example.org/atlas-ii/thematic-group-${i + 1}-report`,
          })
          .returning({ id: s.workingGroups.id })
          .get().id,
    )
    const summitParticipants = everyone.filter(
      (p) => p.memberType === 'als_representative' || p.memberType === 'alac_member',
    )
    const summitConfirmed: P[] = []
    summitParticipants.forEach((p, i) => {
      const declined = rnd.chance(0.06)
      const groupId = groupIds[i % groupIds.length]
      const partId = tx
        .insert(s.summitParticipations)
        .values({
          eventId: summitId,
          personId: p.id,
          structureId: p.structureId,
          status: declined ? 'declined' : 'confirmed',
          funding: declined ? 'not_funded' : p.memberType === 'alac_member' ? 'self_funded' : 'funded',
          workingGroupId: declined ? null : groupId,
          arrivalAt: declined ? null : new Date('2014-06-20T10:00:00Z'),
          departureAt: declined ? null : new Date('2014-06-27T10:00:00Z'),
          hotel: declined ? null : SUMMIT.venue,
          hotelNights: declined ? null : 7,
          visaLetterNeeded: p.region === 'AFRALO' || p.region === 'LACRALO',
          // The demo participant's visa letter is ready: her passport name was confirmed by staff.
          ...(p.id === participantId && !declined
            ? {
                passportName: 'LUCÍA PARTICIPANTE',
                passportNameConfirmedAt: new Date('2014-05-20T09:00:00Z'),
                passportNameConfirmedById: staffId,
              }
            : {}),
          checkedInAt: declined ? null : new Date(summitStart.getTime() - 3600_000),
          // Nominations came in during the spring before the summit.
          createdAt: new Date(summitStart.getTime() - (90 - (i % 60)) * 86400_000),
        })
        .returning({ id: s.summitParticipations.id })
        .get().id
      if (declined) return
      summitConfirmed.push(p)
      tx.insert(s.workingGroupMembers)
        .values({
          workingGroupId: groupId,
          personId: p.id,
          role: i < 10 ? (i < 5 ? 'chair' : 'rapporteur') : 'member',
          joinedAt: summitStart,
        })
        .run()
      record(p, 'summit_attended', 'summit_participation', partId, summitStart)
      // Per-session attendance from the doors: most people at most sessions (a fixed pattern,
      // so the seeded random sequence the rest of the demo data uses is untouched).
      sessionIds.forEach((session, k) => {
        if ((p.id * 7 + k * 13) % 10 < 8) {
          tx.insert(s.sessionAttendance)
            .values({
              sessionId: session.id,
              personId: p.id,
              checkedInAt: new Date(session.startsAt.getTime() - 600_000),
              checkedInById: staffId,
            })
            .run()
        }
      })
      record(p, 'working_group_member', 'working_group', groupId, summitStart)
    })

    // Policy statements with penholders and drafting volunteers.
    const authors = everyone.filter((p) => p.memberType !== 'guest')
    const statement = (values: typeof s.policyStatements.$inferInsert, pool: P[], volunteers: number) => {
      const id = tx.insert(s.policyStatements).values(values).returning({ id: s.policyStatements.id }).get().id
      const penholder = rnd.pick(pool)
      tx.insert(s.statementContributors).values({ statementId: id, personId: penholder.id, role: 'penholder' }).run()
      record(penholder, 'statement_penholder', 'policy_statement', id, values.publishedAt)
      for (let v = 0; v < volunteers; v++) {
        const volunteer = rnd.pick(pool)
        if (volunteer.id === penholder.id) continue
        const inserted = tx
          .insert(s.statementContributors)
          .values({ statementId: id, personId: volunteer.id, role: 'drafting_volunteer' })
          .onConflictDoNothing()
          .run()
        if (inserted.changes) record(volunteer, 'drafting_volunteer', 'policy_statement', id, values.publishedAt)
      }
    }
    for (let i = 0; i < 12; i++) {
      const topic = POLICY_TOPICS[i % POLICY_TOPICS.length]
      statement(
        {
          title: `ALAC Statement on ${topic}: ${['Public Comment response', 'Advice to the Board', 'Correspondence'][i % 3]} ${2019 + Math.floor(i / 8)}-${(i % 8) + 1}`,
          topics: i % 4 === 0 ? [topic, 'Multistakeholder model'] : [topic],
          publishedAt: new Date(Date.UTC(2019, 0, 15) + i * 45 * day),
          url: `https://atlarge.example.org/policy-summary/statement-${i + 1}`,
          kind: (['public_comment', 'advice', 'correspondence'] as const)[i % 3],
          stageDates: { submitted: new Date(Date.UTC(2019, 0, 15) + i * 45 * day).toISOString().slice(0, 10) },
        },
        authors,
        3,
      )
    }

    // Standing working groups meeting through the last year, and recent statements: the
    // recent activity the participation metrics show. Three structures took no part
    // lately, so the dashboard has structures to flag.
    const quietStructures = new Set(structureIds.slice(-3).map((x) => x.id))
    const recentlyActive = authors.filter((p) => p.structureId === null || !quietStructures.has(p.structureId))
    const attendance: Record<s.RegionCode, number> = {
      AFRALO: 0.55,
      APRALO: 0.45,
      EURALO: 0.75,
      LACRALO: 0.65,
      NARALO: 0.5,
    }
    for (const g of STANDING_GROUPS) {
      const groupId = tx
        .insert(s.workingGroups)
        .values({
          kind: g.kind,
          slug: g.slug,
          name: g.name,
          topic: g.topic,
          description: g.description,
          startsOn: g.startsOn,
          membersPublic: g.membersPublic,
          allRegionsRequired: g.allRegionsRequired,
        })
        .returning({ id: s.workingGroups.id })
        .get().id
      const members = recentlyActive.filter((p) => !g.without?.includes(p.region) && rnd.chance(g.share))
      const joined = new Date(today - 400 * day)
      // History: the last `leavers` left half-way through; the third member became vice-chair.
      const leftAt = new Date(today - 200 * day)
      const promotedAt = new Date(today - 100 * day)
      const memberUntil = new Map<number, Date>()
      members.forEach((p, i) => {
        const leaves = i >= members.length - g.leavers
        if (leaves) memberUntil.set(p.id, leftAt)
        const role = i < 2 ? 'chair' : 'member'
        tx.insert(s.workingGroupMembers)
          .values({
            workingGroupId: groupId,
            personId: p.id,
            role,
            joinedAt: joined,
            leftAt: leaves ? leftAt : i === 2 ? promotedAt : null,
          })
          .run()
        if (i === 2 && !leaves)
          tx.insert(s.workingGroupMembers)
            .values({ workingGroupId: groupId, personId: p.id, role: 'vice_chair', joinedAt: promotedAt })
            .run()
        record(p, 'working_group_member', 'working_group', groupId, joined)
      })
      for (let k = 0; k < g.meetings; k++) {
        const heldAt = new Date(today - (k + 1) * g.everyDays * day + 13 * 3600_000)
        const { meetingId, eventId } = insertHeldMeeting(tx, {
          groupId,
          heldAt,
          title: `${shortName(g.name)} call ${g.meetings - k}`,
          durationMinutes: 90,
        })
        const present: typeof members = []
        for (const p of members) {
          const until = memberUntil.get(p.id)
          if (until && heldAt >= until) continue
          if (!rnd.chance(attendance[p.region])) continue
          present.push(p)
          tx.insert(s.meetingAttendance).values({ meetingId, personId: p.id }).run()
          record(p, 'working_group_meeting_attended', 'working_group_meeting', meetingId, heldAt)
        }
        // The last two calls have their records: minutes, a recording, and actions still open.
        if (k < 2) {
          tx.update(s.workingGroupMeetings)
            .set({ minutes: meetingMinutes(g.name, g.meetings - k) })
            .where(eq(s.workingGroupMeetings.id, meetingId))
            .run()
          tx.insert(s.materials)
            .values({
              eventId,
              language: 'en',
              kind: 'recording',
              title: `Recording, call ${g.meetings - k}`,
              url: `https://atlarge.example.org/recordings/${g.slug}-${g.meetings - k}`,
            })
            .run()
          const current = present.filter((p) => !memberUntil.has(p.id))
          MEETING_ACTIONS.slice(k * 2, k * 2 + 2).forEach((text, i) => {
            const owner = current[(i * 3 + k) % Math.max(1, current.length)]
            if (!owner) return
            tx.insert(s.actionItems)
              .values({
                workingGroupId: groupId,
                meetingId,
                text,
                ownerId: owner.id,
                dueOn: new Date(today + (3 + i * 7 - k * 2) * day).toISOString().slice(0, 10),
                createdAt: heldAt,
              })
              .run()
          })
        }
      }
      // The next two calls are published, with the three interpretation channels.
      for (let k = 0; k < 2; k++) {
        const startsAt = new Date(today + (k + 1) * g.everyDays * day + 13 * 3600_000)
        const n = g.meetings + k + 1
        publishMeeting(
          tx,
          {
            groupId,
            notify: false,
            meeting: {
              texts: meetingTexts(g.name, n),
              startsAt,
              endsAt: new Date(startsAt.getTime() + 90 * 60_000),
              timeZone: 'UTC',
              platformName: 'Zoom',
              platformUrl: `https://icann.zoom.example/j/${g.slug}${n}`,
              reminderOffsets: [1440, 60],
              channels: s.LANGUAGES.map((language, i) => ({
                language,
                conferenceId: `${g.slug === 'cpwg' ? 41 : 42}${n}${i} 220 ${1000 + n}`,
                dialInNumbers: '',
                interpreters: '',
              })),
            },
          },
          { actorId: staffId, now },
        )
      }
    }
    // The pipeline: a statement at every stage (see PIPELINE_STATEMENTS).
    const ORDER = ['call_for_volunteers', 'drafting', 'comment_period', 'alac_vote', 'submitted'] as const
    PIPELINE_STATEMENTS.forEach((p, i) => {
      const opened = new Date(today - p.openedDaysAgo * day)
      const reached = p.stage === 'withdrawn' ? ORDER.slice(0, 2) : ORDER.slice(0, ORDER.indexOf(p.stage) + 1)
      const span = p.openedDaysAgo / Math.max(1, reached.length)
      const stageDates: Partial<Record<s.StatementStage, string>> = Object.fromEntries(
        reached.map((stage, k) => [
          stage,
          new Date(opened.getTime() + k * span * day * 0.8).toISOString().slice(0, 10),
        ]),
      )
      if (p.stage === 'withdrawn')
        stageDates.withdrawn = new Date(today - (p.openedDaysAgo - 20) * day).toISOString().slice(0, 10)
      const finished = p.stage === 'submitted' || p.stage === 'withdrawn'
      const publishedAt = p.stage === 'submitted' ? new Date(`${stageDates.submitted}T12:00:00Z`) : opened
      const values = {
        title: p.texts.en!.title,
        kind: p.kind,
        stage: p.stage,
        texts: p.texts,
        stageDates,
        topics: [p.topic],
        publishedAt,
        url: p.stage === 'submitted' ? `https://atlarge.example.org/policy-summary/recent-${i + 1}` : null,
        commentUrl: p.kind === 'public_comment' ? `https://www.icann.example/public-comment/proceeding-${i + 1}` : null,
        deadline:
          p.deadlineInDays === null ? null : new Date(today + p.deadlineInDays * day).toISOString().slice(0, 10),
      }
      // A call for volunteers has volunteers but no penholder yet.
      if (p.stage === 'call_for_volunteers') {
        const id = tx.insert(s.policyStatements).values(values).returning({ id: s.policyStatements.id }).get().id
        for (const v of recentlyActive.slice(0, 3)) {
          tx.insert(s.statementContributors)
            .values({ statementId: id, personId: v.id, role: 'drafting_volunteer' })
            .run()
          record(v, 'drafting_volunteer', 'policy_statement', id, opened)
        }
      } else statement(values, recentlyActive, finished ? 4 : 3)
    })

    // Audiences, the first summit newsletter (sent in May 2014, so its blocks show the
    // sixth webinar and the recordings of the first five) and a draft for the current season.
    const audienceId = (name: string, criteria: s.AudienceCriteria) =>
      tx.insert(s.audiences).values({ name, criteria, createdById: staffId }).returning({ id: s.audiences.id }).get().id
    audienceId('All members', {})
    const summitAudience = audienceId('ATLAS II participants', { eventIds: [summitId] })
    audienceId('LACRALO, Spanish speakers', { regionCodes: ['LACRALO'], languages: ['es'] })
    const sentAt = new Date(NEWSLETTER.sentAt)
    const newsletterId = tx
      .insert(s.newsletters)
      .values({
        slug: NEWSLETTER.slug,
        status: 'sent',
        audienceId: summitAudience,
        sendStartedAt: sentAt,
        sentAt: new Date(sentAt.getTime() + 20 * 60_000),
        createdById: staffId,
      })
      .returning({ id: s.newsletters.id })
      .get().id
    for (const language of s.LANGUAGES) {
      const v = NEWSLETTER[language]
      tx.insert(s.newsletterVersions)
        .values({
          newsletterId,
          language,
          subject: v.subject,
          preheader: v.preheader,
          bodyMarkdown: v.body,
          complete: true,
        })
        .run()
    }
    tx.run(sql`insert into deliveries (newsletter_id, person_id, language, status, attempts, sent_at, message_id)
      select ${newsletterId}, p.id, p.preferred_language, 'sent', 1, ${sentAt.getTime() + 60_000}, '<newsletter-' || ${newsletterId} || '-' || p.id || '@example.org>'
      from summit_participations sp join people p on p.id = sp.person_id
      where sp.event_id = ${summitId} and sp.status in ('nominated', 'confirmed')`)
    // Topic lists: the demo people on the general lists and their region's news, every
    // seventh of them by monthly digest; the first issue went to "Summit news".
    const listIds = new Map<string, number>()
    MAILING_LISTS.forEach((l, position) =>
      listIds.set(
        l.slug,
        tx
          .insert(s.mailingLists)
          .values({ ...l, regionCode: l.regionCode ?? null, position })
          .returning({ id: s.mailingLists.id })
          .get().id,
      ),
    )
    const subscribedAt = new Date(sentAt.getTime() - 30 * day)
    const general = [listIds.get('summit-news')!, listIds.get('capacity-building')!]
    const readers = [
      ...everyone,
      { id: analystId, region: 'EURALO' as const, language: 'fr' as const },
      { id: raloLeaderId, region: 'AFRALO' as const, language: 'fr' as const },
    ]
    readers.forEach((p, i) => {
      const regional = listIds.get(`regional-news-${p.region.toLowerCase()}`)!
      const groups = i % 3 === 0 ? [listIds.get('working-group-notices')!] : []
      subscribe(tx, p.id, [...general, regional, ...groups], p.language, subscribedAt)
      // The demo accounts take each issue (Lucía's journey chooses the digest herself).
      if (i % 7 === 6 && i < everyone.length)
        tx.update(s.people).set({ newsletterDigestSince: subscribedAt }).where(eq(s.people.id, p.id)).run()
    })
    tx.insert(s.newsletterLists)
      .values({ newsletterId, listId: listIds.get('summit-news')! })
      .run()
    // The draft of the season goes to the capacity-building list.
    const draftId = tx
      .insert(s.newsletters)
      .values({ slug: DRAFT_NEWSLETTER.slug, status: 'draft', audienceId: null, createdById: staffId })
      .returning({ id: s.newsletters.id })
      .get().id
    tx.insert(s.newsletterLists)
      .values({ newsletterId: draftId, listId: listIds.get('capacity-building')! })
      .run()
    for (const language of ['en', 'fr'] as const) {
      const v = DRAFT_NEWSLETTER[language]
      tx.insert(s.newsletterVersions)
        .values({
          newsletterId: draftId,
          language,
          subject: v.subject,
          preheader: v.preheader,
          bodyMarkdown: v.body,
          complete: true,
        })
        .run()
    }

    // The shared glossary: the acronyms of the source documents.
    tx.insert(s.glossaryTerms).values(GLOSSARY).run()

    // Surveys: the post-summit survey with its answers, and an open webinar feedback survey.
    const surveyIds = seedSurveys(tx, {
      summitId,
      participants: summitConfirmed,
      everyone,
      staffId,
      now,
      rnd: random(2026),
    })
    // Counted once the answers are in (same connection, same transaction).
    for (const id of surveyIds) rebuildCounts(db, id)

    // The implementation tracker (Table 1 of the 2020 report), with what moved since June 2020.
    const milestoneIds = new Map<string, number>()
    const reviewItemIds = new Map<number, number>()
    for (const item of REVIEW_ITEMS) {
      const itemId = tx
        .insert(s.reviewItems)
        .values({
          number: item.number,
          title: item.title,
          description: item.description,
          startDate: item.startDate,
          owner: item.owner,
        })
        .returning({ id: s.reviewItems.id })
        .get().id
      item.milestones.forEach((m, position) => {
        const milestoneId = tx
          .insert(s.reviewMilestones)
          .values({
            reviewItemId: itemId,
            label: m.label,
            title: m.title,
            proposedEndDate: m.end,
            percentComplete: m.pct,
            notes: m.notes,
            heldOverBy: m.heldOverBy ?? null,
            position,
          })
          .returning({ id: s.reviewMilestones.id })
          .get().id
        milestoneIds.set(`${item.number}:${m.label}`, milestoneId)
        const changes = [
          ...(m.added ? [{ field: 'created' as const, from: null, to: String(m.pct), at: m.added }] : []),
          ...(m.history ?? []),
        ]
        for (const c of changes) {
          tx.insert(s.reviewMilestoneHistory)
            .values({
              milestoneId,
              field: c.field,
              oldValue: c.from,
              newValue: c.to,
              changedById: staffId,
              changedAt: new Date(`${c.at}T12:00:00Z`),
            })
            .run()
        }
      })
      reviewItemIds.set(item.number, itemId)
    }

    // The ATLAS II recommendations, followed since the summit, and two later ones.
    const postSummitSurvey = tx
      .select({ id: s.surveys.id })
      .from(s.surveys)
      .where(eq(s.surveys.eventId, summitId))
      .orderBy(s.surveys.id)
      .get()!.id
    for (const r of RECOMMENDATIONS) {
      const source =
        'group' in r.source
          ? { sourceKind: 'summit_group' as const, sourceWorkingGroupId: groupIds[r.source.group - 1] }
          : 'survey' in r.source
            ? { sourceKind: 'survey' as const, sourceSurveyId: postSummitSurvey }
            : { sourceKind: 'review_item' as const, sourceReviewItemId: reviewItemIds.get(r.source.reviewItem)! }
      const last = r.steps.at(-1)
      const recommendationId = tx
        .insert(s.recommendations)
        .values({
          eventId: source.sourceKind === 'review_item' ? null : summitId,
          reference: r.reference,
          text: r.text,
          owner: r.owner,
          ...source,
          status: last?.status ?? 'proposed',
          rejectionReason: last?.status === 'rejected' ? last.note : null,
          createdAt: new Date(`${r.proposed}T12:00:00Z`),
        })
        .returning({ id: s.recommendations.id })
        .get().id
      for (const step of [{ status: 'proposed' as const, at: r.proposed, note: undefined }, ...r.steps]) {
        tx.insert(s.recommendationHistory)
          .values({
            recommendationId,
            status: step.status,
            note: step.note ?? null,
            changedById: staffId,
            changedAt: new Date(`${step.at}T12:00:00Z`),
          })
          .run()
      }
      for (const key of r.milestones ?? []) {
        tx.insert(s.recommendationMilestones)
          .values({ recommendationId, milestoneId: milestoneIds.get(key)! })
          .run()
      }
    }
  })
}
