/**
 * Demo data for individual RALO membership (decision 015): each RALO's rules, an approved
 * application behind every seeded individual member, and a few applications still waiting
 * (or declined) so that the RALO desk and staff's page have something to decide.
 */
import type { DB } from './client'
import * as s from './schema'

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0]
type Member = { id: number; region: s.RegionCode; memberType: s.MemberType }
type NewPerson = (values: Omit<typeof s.people.$inferInsert, 'calendarToken' | 'unsubscribeToken'>) => number

const DAY = 86400_000

const CRITERIA: Record<s.RegionCode, Partial<Record<s.Language, string>>> = {
  AFRALO: {
    en: 'Live in Africa, take part in at least one AFRALO call a quarter, and declare any interest in a domain-name business.',
    fr: 'Résider en Afrique, participer à au moins un appel d’AFRALO par trimestre et déclarer tout intérêt dans une activité liée aux noms de domaine.',
  },
  APRALO: {
    en: 'Live in the Asia, Australasia and Pacific Islands region and not represent an APRALO structure. Your statement of interest is published.',
  },
  EURALO: {
    en: 'Live in Europe, have no ICANN contract, and agree to the EURALO operating principles.',
    fr: 'Résider en Europe, n’avoir aucun contrat avec l’ICANN et accepter les principes de fonctionnement d’EURALO.',
  },
  LACRALO: {
    en: 'Live in Latin America or the Caribbean and attend at least two monthly LACRALO calls a year.',
    es: 'Residir en América Latina o el Caribe y asistir al menos a dos llamadas mensuales de LACRALO al año.',
    fr: 'Résider en Amérique latine ou dans les Caraïbes et assister à au moins deux appels mensuels de LACRALO par an.',
  },
  NARALO: {
    en: 'Open to every Internet user living in Canada, the United States or Bermuda: you are a member as soon as you apply.',
    fr: 'Ouvert à tout internaute résidant au Canada, aux États-Unis ou aux Bermudes : vous êtes membre dès votre demande.',
    es: 'Abierta a todo usuario de Internet que resida en Canadá, Estados Unidos o las Bermudas: es miembro en cuanto lo solicita.',
  },
}

const WAITING: {
  name: string
  email: string
  region: s.RegionCode
  language: s.Language
  zone: string
  motivation: string
  daysAgo: number
  declined?: string
}[] = [
  {
    name: 'Kofi Boateng',
    email: 'kofi.boateng@example.gh',
    region: 'AFRALO',
    language: 'en',
    zone: 'Africa/Accra',
    motivation: 'I run a community network in Tamale and want to bring its users’ concerns to AFRALO.',
    daysAgo: 6,
  },
  {
    name: 'Fatou Sarr',
    email: 'fatou.sarr@example.sn',
    region: 'AFRALO',
    language: 'fr',
    zone: 'Africa/Dakar',
    motivation:
      'Juriste, je travaille sur la protection des données et souhaite contribuer aux déclarations de l’ALAC.',
    daysAgo: 2,
  },
  {
    name: 'Jonas Weber',
    email: 'jonas.weber@example.de',
    region: 'EURALO',
    language: 'en',
    zone: 'Europe/Berlin',
    motivation: 'Member of my local chaos computer club; interested in DNS abuse work.',
    daysAgo: 9,
  },
  {
    name: 'Valentina Ríos',
    email: 'valentina.rios@example.cl',
    region: 'LACRALO',
    language: 'es',
    zone: 'America/Santiago',
    motivation: 'Coordino un telecentro en Valparaíso y quiero participar en los grupos de trabajo de LACRALO.',
    daysAgo: 4,
  },
  {
    name: 'Olivier Domain',
    email: 'olivier.domain@example.fr',
    region: 'AFRALO',
    language: 'fr',
    zone: 'Europe/Paris',
    motivation: 'Revendeur de noms de domaine, je souhaite représenter les titulaires.',
    daysAgo: 60,
    declined:
      'AFRALO’s individual members must live in Africa; a registrar reseller may also take part through the GNSO.',
  },
]

export function seedMembership(
  tx: Tx,
  {
    now,
    members,
    person,
    staffId,
    raloLeaderId,
  }: { now: Date; members: Member[]; person: NewPerson; staffId: number; raloLeaderId: number },
) {
  for (const regionCode of s.REGION_CODES) {
    tx.insert(s.raloSettings)
      .values({ regionCode, requiresApproval: regionCode !== 'NARALO', criteria: CRITERIA[regionCode], updatedAt: now })
      .run()
  }
  // Every seeded individual member joined through an approved application, spread over three years.
  members
    .filter((m) => m.memberType === 'individual_member')
    .forEach((m, i) => {
      const applied = new Date(now.getTime() - (60 + ((i * 97) % 1000)) * DAY)
      const decided = new Date(applied.getTime() + (m.region === 'NARALO' ? 0 : (3 + (i % 12)) * DAY))
      tx.insert(s.membershipApplications)
        .values({
          personId: m.id,
          regionCode: m.region,
          status: 'approved',
          createdAt: applied,
          decidedAt: decided,
          decidedById: m.region === 'NARALO' ? null : m.region === 'AFRALO' ? raloLeaderId : staffId,
        })
        .run()
    })
  for (const w of WAITING) {
    const id = person({
      email: w.email,
      name: w.name,
      passwordHash: null,
      preferredLanguage: w.language,
      timeZone: w.zone,
      regionCode: w.region,
      memberType: 'guest',
    })
    tx.insert(s.membershipApplications)
      .values({
        personId: id,
        regionCode: w.region,
        motivation: w.motivation,
        status: w.declined ? 'declined' : 'pending',
        createdAt: new Date(now.getTime() - w.daysAgo * DAY),
        decidedAt: w.declined ? new Date(now.getTime() - (w.daysAgo - 10) * DAY) : null,
        decidedById: w.declined ? raloLeaderId : null,
        decisionNote: w.declined ?? null,
      })
      .run()
  }
}
