/**
 * Demo data taken from two source documents (a 2014 summit newsletter and a 2020
 * implementation progress report, summarised in docs/glossary.md): the 2014 ATLAS II
 * newsletter with its webinar announcement, and the 2020 implementation report.
 * Names of people and structures are invented; everything else follows the seeds.
 */
import type { AccreditationStep, Language, LocalisedText, RegionCode, SessionType } from './schema'

export const REGIONS: { code: RegionCode; name: string }[] = [
  { code: 'AFRALO', name: 'African Regional At-Large Organization' },
  { code: 'APRALO', name: 'Asian, Australasian and Pacific Islands Regional At-Large Organization' },
  { code: 'EURALO', name: 'European Regional At-Large Organization' },
  { code: 'LACRALO', name: 'Latin American and Caribbean Islands Regional At-Large Organization' },
  { code: 'NARALO', name: 'North American Regional At-Large Organization' },
]

/** A step of the structure's history and its day; an `accredited` right after `applied` gets the steps between. */
type Status = AccreditationStep
export const STRUCTURES: { name: string; region: RegionCode; country: string; history: [Status, string][] }[] = [
  {
    name: 'Kenya ICT Users Network',
    region: 'AFRALO',
    country: 'KE',
    history: [
      ['applied', '2009-03-02'],
      ['accredited', '2009-09-14'],
    ],
  },
  {
    name: 'Association Béninoise des Internautes',
    region: 'AFRALO',
    country: 'BJ',
    history: [
      ['applied', '2010-05-10'],
      ['accredited', '2010-11-22'],
    ],
  },
  {
    name: 'Cameroon Digital Citizens Forum',
    region: 'AFRALO',
    country: 'CM',
    history: [
      ['applied', '2012-01-16'],
      ['accredited', '2012-06-04'],
      ['withdrawn', '2019-02-11'],
    ],
  },
  {
    name: 'India Internet Users Collective',
    region: 'APRALO',
    country: 'IN',
    history: [
      ['applied', '2008-07-01'],
      ['accredited', '2008-12-15'],
    ],
  },
  {
    name: 'Pacific Islands Internet Society',
    region: 'APRALO',
    country: 'FJ',
    history: [
      ['applied', '2011-02-07'],
      ['accredited', '2011-08-29'],
    ],
  },
  {
    name: 'Japan Net Users Association',
    region: 'APRALO',
    country: 'JP',
    history: [
      ['applied', '2026-09-07'],
      ['diligence_started', '2026-09-21'],
    ],
  },
  {
    name: 'Association Sénégalaise des Utilisateurs d’Internet',
    region: 'AFRALO',
    country: 'SN',
    history: [
      ['applied', '2026-10-12'],
      ['diligence_started', '2026-10-20'],
      ['diligence_done', '2026-11-09'],
    ],
  },
  {
    name: 'Bulgarian Internet Users Society',
    region: 'EURALO',
    country: 'BG',
    history: [
      ['applied', '2007-04-16'],
      ['accredited', '2007-10-01'],
    ],
  },
  {
    name: 'Association des Utilisateurs d’Internet de France',
    region: 'EURALO',
    country: 'FR',
    history: [
      ['applied', '2008-09-08'],
      ['accredited', '2009-03-23'],
    ],
  },
  {
    name: 'Digital Rights Ireland Users Forum',
    region: 'EURALO',
    country: 'IE',
    history: [
      ['applied', '2013-03-04'],
      ['accredited', '2013-09-16'],
      ['decertified', '2018-05-21'],
    ],
  },
  {
    name: 'Asociación de Usuarios de Internet de Argentina',
    region: 'LACRALO',
    country: 'AR',
    history: [
      ['applied', '2007-06-11'],
      ['accredited', '2007-12-03'],
    ],
  },
  {
    name: 'Fundación Redes y Desarrollo',
    region: 'LACRALO',
    country: 'DO',
    history: [
      ['applied', '2010-08-02'],
      ['accredited', '2011-01-24'],
      ['review_opened', '2026-11-02'],
    ],
  },
  {
    name: 'Capítulo Colombia de Usuarios de Internet',
    region: 'LACRALO',
    country: 'CO',
    history: [
      ['applied', '2012-09-17'],
      ['accredited', '2013-03-11'],
    ],
  },
  {
    name: 'New York Internet Users Chapter',
    region: 'NARALO',
    country: 'US',
    history: [
      ['applied', '2007-02-05'],
      ['accredited', '2007-07-30'],
    ],
  },
  {
    name: 'Canadian Consumers Internet Council',
    region: 'NARALO',
    country: 'CA',
    history: [
      ['applied', '2009-11-02'],
      ['accredited', '2010-04-19'],
    ],
  },
  {
    name: 'Puerto Rico Internet Users Association',
    region: 'NARALO',
    country: 'PR',
    history: [
      ['applied', '2014-01-13'],
      ['accredited', '2014-05-26'],
      ['withdrawn', '2022-08-15'],
    ],
  },
]

/** Region → [time zones, languages (weighted), given names, family names]. */
export const REGION_PEOPLE: Record<
  RegionCode,
  { zones: string[]; languages: Language[]; given: string[]; family: string[] }
> = {
  AFRALO: {
    zones: [
      'Africa/Nairobi',
      'Africa/Dakar',
      'Africa/Lagos',
      'Africa/Johannesburg',
      'Africa/Douala',
      'Africa/Porto-Novo',
    ],
    languages: ['en', 'fr', 'fr', 'en'],
    given: [
      'Amina',
      'Kwame',
      'Fatou',
      'Moussa',
      'Grace',
      'Chinedu',
      'Aïcha',
      'Jean-Baptiste',
      'Wanjiru',
      'Ousmane',
      'Nadia',
      'Tendai',
    ],
    family: [
      'Diallo',
      'Mensah',
      'Ndiaye',
      'Okafor',
      'Kamau',
      'Traoré',
      'Mbeki',
      'Sow',
      'Adjovi',
      'Nkemelu',
      'Baldé',
      'Otieno',
    ],
  },
  APRALO: {
    zones: ['Asia/Kolkata', 'Pacific/Fiji', 'Asia/Tokyo', 'Australia/Sydney', 'Asia/Manila', 'Asia/Kathmandu'],
    languages: ['en', 'en', 'en', 'fr'],
    given: ['Priya', 'Hiroshi', 'Mei', 'Arjun', 'Siosaia', 'Yuki', 'Ravi', 'Ana', 'Kavya', 'Tevita', 'Li', 'Sunita'],
    family: [
      'Sharma',
      'Tanaka',
      'Chen',
      'Iyer',
      'Fifita',
      'Sato',
      'Reyes',
      'Gupta',
      'Nakamura',
      'Singh',
      'Wong',
      'Lal',
    ],
  },
  EURALO: {
    zones: ['Europe/London', 'Europe/Paris', 'Europe/Sofia', 'Europe/Dublin', 'Europe/Madrid', 'Europe/Berlin'],
    languages: ['en', 'fr', 'es', 'en', 'fr'],
    given: [
      'Sophie',
      'Lukas',
      'Elena',
      'Pierre',
      'Siobhan',
      'Marta',
      'Georgi',
      'Camille',
      'Javier',
      'Anna',
      'Thomas',
      'Irena',
    ],
    family: [
      'Martin',
      'Müller',
      'Petrova',
      'Dubois',
      "O'Brien",
      'García',
      'Ivanov',
      'Lefèvre',
      'Romero',
      'Novak',
      'Schmidt',
      'Kowalski',
    ],
  },
  LACRALO: {
    zones: [
      'America/Argentina/Buenos_Aires',
      'America/Santo_Domingo',
      'America/Bogota',
      'America/Mexico_City',
      'America/Lima',
      'America/Port-au-Prince',
    ],
    languages: ['es', 'es', 'es', 'fr', 'en'],
    given: [
      'María',
      'Carlos',
      'Lucía',
      'Andrés',
      'Valentina',
      'Diego',
      'Sofía',
      'Alejandro',
      'Camila',
      'Jean-Robert',
      'Gabriela',
      'Mateo',
    ],
    family: [
      'González',
      'Rodríguez',
      'Pérez',
      'Fernández',
      'López',
      'Martínez',
      'Herrera',
      'Castillo',
      'Vargas',
      'Joseph',
      'Morales',
      'Rojas',
    ],
  },
  NARALO: {
    zones: [
      'America/New_York',
      'America/Toronto',
      'America/Chicago',
      'America/Los_Angeles',
      'America/Puerto_Rico',
      'America/Montreal',
    ],
    languages: ['en', 'en', 'fr', 'es'],
    given: [
      'Emily',
      'Michael',
      'Isabelle',
      'David',
      'Sarah',
      'José',
      'Jennifer',
      'Marc-André',
      'Robert',
      'Ashley',
      'Luis',
      'Karen',
    ],
    family: [
      'Smith',
      'Johnson',
      'Tremblay',
      'Williams',
      'Brown',
      'Rivera',
      'Davis',
      'Gagnon',
      'Miller',
      'Wilson',
      'Cruz',
      'Taylor',
    ],
  },
}

export const SERIES = {
  slug: 'pre-atlas-ii-capacity-building',
  title: {
    en: 'Pre-ATLAS II Capacity Building Webinars',
    fr: 'Webinaires de renforcement des capacités avant ATLAS II',
    es: 'Seminarios web de desarrollo de capacidades previos a ATLAS II',
  },
  description: {
    en: 'Six webinars to prepare At-Large Structure representatives for the second At-Large Summit in London.',
    fr: 'Six webinaires pour préparer les représentants des structures At-Large au deuxième sommet At-Large à Londres.',
    es: 'Seis seminarios web para preparar a los representantes de las estructuras de At-Large para la segunda Cumbre de At-Large en Londres.',
  },
}

export const CURRENT_SERIES = {
  slug: 'at-large-capacity-building',
  title: {
    en: 'At-Large Capacity Building Programme',
    fr: 'Programme de renforcement des capacités At-Large',
    es: 'Programa de desarrollo de capacidades de At-Large',
  },
  description: {
    en: 'Monthly webinars for At-Large Structures and individual members, with interpretation.',
    fr: 'Webinaires mensuels pour les structures At-Large et les membres individuels, avec interprétation.',
    es: 'Seminarios web mensuales para estructuras de At-Large y miembros individuales, con interpretación.',
  },
}

/** The seed's standing Adobe Connect interpretation bridge. */
export const SEED_CHANNELS: { language: Language; conferenceId: string }[] = [
  { language: 'en', conferenceId: '1638' },
  { language: 'es', conferenceId: '1738' },
  { language: 'fr', conferenceId: '1838' },
]

type WebinarSeed = {
  slug: string
  start: string // ISO UTC
  title: Record<Language, string>
  description?: Record<Language, string>
  agenda?: Record<Language, string>
  presenter?: { name: string; role: LocalisedText }
}

const prev = (en: string, fr: string, es: string) => ({ en, fr, es })

export const PRE_ATLAS_WEBINARS: WebinarSeed[] = [
  {
    slug: 'atlas-ii-communications',
    start: '2014-02-06T13:00:00Z',
    title: prev('Communications', 'Communications', 'Comunicaciones'),
  },
  {
    slug: 'atlas-ii-ipv4-ipv6-migration',
    start: '2014-02-27T13:00:00Z',
    title: prev('IPv4-IPv6 migration', 'Migration IPv4-IPv6', 'Migración de IPv4 a IPv6'),
  },
  {
    slug: 'atlas-ii-policy-development-process',
    start: '2014-03-13T13:00:00Z',
    title: prev(
      'Policy Development Process',
      "Processus d'élaboration des politiques",
      'Proceso de desarrollo de políticas',
    ),
  },
  {
    slug: 'atlas-ii-future-of-internet-governance-1',
    start: '2014-04-03T13:00:00Z',
    title: prev(
      'Future of Internet Governance, Part 1',
      "L'avenir de la gouvernance de l'Internet, 1re partie",
      'El futuro de la gobernanza de Internet, parte 1',
    ),
  },
  {
    slug: 'atlas-ii-future-of-internet-governance-2',
    start: '2014-04-17T13:00:00Z',
    title: prev(
      'Future of Internet Governance, Part 2',
      "L'avenir de la gouvernance de l'Internet, 2e partie",
      'El futuro de la gobernanza de Internet, parte 2',
    ),
  },
  {
    slug: 'atlas-ii-security-and-stability',
    start: '2014-05-15T13:00:00Z',
    title: prev('Security and Stability', 'Sécurité et stabilité', 'Seguridad y estabilidad'),
    description: prev(
      'The sixth pre-ATLAS II capacity building webinar, on the topic "Security and Stability". French and Spanish interpretation will be provided.',
      'Sixième webinaire de renforcement des capacités avant ATLAS II, sur le thème « Sécurité et stabilité ». Une interprétation en français et en espagnol sera assurée.',
      'Sexto seminario web de desarrollo de capacidades previo a ATLAS II, sobre el tema «Seguridad y estabilidad». Habrá interpretación al francés y al español.',
    ),
    agenda: prev(
      '1. Welcome and roll call (5 min)\n2. Security and Stability: the SSAC and its advice, by Julie Hammer (40 min)\n3. Questions and answers (15 min)',
      '1. Accueil et appel (5 min)\n2. Sécurité et stabilité : le SSAC et ses avis, par Julie Hammer (40 min)\n3. Questions et réponses (15 min)',
      '1. Bienvenida y pase de lista (5 min)\n2. Seguridad y estabilidad: el SSAC y su asesoramiento, por Julie Hammer (40 min)\n3. Preguntas y respuestas (15 min)',
    ),
    presenter: {
      name: 'Julie Hammer',
      role: {
        en: "ALAC's liaison to the Security and Stability Advisory Committee (SSAC)",
        fr: "agente de liaison de l'ALAC auprès du Comité consultatif sur la sécurité et la stabilité (SSAC)",
        es: 'enlace del ALAC ante el Comité Asesor de Seguridad y Estabilidad (SSAC)',
      },
    },
  },
]

/** Future webinars, placed relative to the day the demo data is loaded. */
export const FUTURE_WEBINARS: {
  slug: string
  daysAhead: number
  hourUtc: number
  title: Record<Language, string>
  description: Record<Language, string>
  frMissing?: boolean
}[] = [
  {
    slug: 'dns-abuse-for-end-users',
    daysAhead: 18,
    hourUtc: 14,
    title: prev(
      'DNS Abuse: what end users should know',
      'Abus du DNS : ce que les utilisateurs finaux doivent savoir',
      'Uso indebido del DNS: lo que deben saber los usuarios finales',
    ),
    description: prev(
      'Phishing, malware and botnets that use the domain name system, and what At-Large can ask of registries and registrars.',
      "L'hameçonnage, les logiciels malveillants et les réseaux de robots qui utilisent le système des noms de domaine, et ce qu'At-Large peut demander aux registres et bureaux d'enregistrement.",
      'Phishing, malware y botnets que usan el sistema de nombres de dominio, y lo que At-Large puede pedir a registros y registradores.',
    ),
  },
  {
    slug: 'universal-acceptance-and-idns',
    daysAhead: 46,
    hourUtc: 15,
    title: prev('Universal Acceptance and IDNs', 'Acceptation universelle et IDN', 'Aceptación universal e IDN'),
    description: prev(
      'Why email addresses and domain names in every script must work everywhere, and how to test your own services.',
      'Pourquoi les adresses électroniques et les noms de domaine dans toutes les écritures doivent fonctionner partout, et comment tester vos propres services.',
      'Por qué las direcciones de correo y los nombres de dominio en todas las escrituras deben funcionar en todas partes, y cómo probar sus propios servicios.',
    ),
  },
  {
    slug: 'policy-development-for-newcomers',
    daysAhead: 81,
    hourUtc: 13,
    title: prev(
      'The Policy Development Process for newcomers',
      '',
      'El proceso de desarrollo de políticas para recién llegados',
    ),
    description: prev(
      'How a policy question becomes ICANN policy, and where At-Large input makes a difference.',
      '',
      'Cómo una cuestión de políticas se convierte en política de la ICANN y dónde marca la diferencia la contribución de At-Large.',
    ),
    frMissing: true,
  },
]

export const SUMMIT = {
  slug: 'atlas-ii-london-2014',
  start: '2014-06-21T08:00:00Z',
  end: '2014-06-26T17:00:00Z',
  timeZone: 'Europe/London',
  venue: 'Hilton London Metropole',
  city: 'London',
  title: prev(
    'Second At-Large Summit (ATLAS II)',
    'Deuxième sommet At-Large (ATLAS II)',
    'Segunda Cumbre de At-Large (ATLAS II)',
  ),
  description: prev(
    'The 2nd At-Large Summit takes place during the 50th ICANN meeting in London from 21 to 26 June 2014. About 160 At-Large Structure representatives, funded to travel, work in five thematic groups that each draft a report for the ICANN Board.',
    "Le 2e sommet At-Large se tient pendant la 50e réunion de l'ICANN à Londres du 21 au 26 juin 2014. Environ 160 représentants de structures At-Large, dont le voyage est financé, travaillent en cinq groupes thématiques qui rédigent chacun un rapport pour le Conseil d'administration de l'ICANN.",
    'La 2.ª Cumbre de At-Large se celebra durante la 50.ª reunión de la ICANN en Londres del 21 al 26 de junio de 2014. Unos 160 representantes de estructuras de At-Large, con viaje financiado, trabajan en cinco grupos temáticos que redactan cada uno un informe para la Junta Directiva de la ICANN.',
  ),
  practicalInfo: prev(
    'The city of London is the venue of the 50th ICANN meeting and the At-Large Summit II. Visit the London Travel Page to learn more about this historic city. Hotel rooms are booked for funded participants; bring your visa invitation letter if you need one.',
    "La ville de Londres accueille la 50e réunion de l'ICANN et le sommet At-Large II. Consultez la page de voyage de Londres pour en savoir plus sur cette ville historique. Les chambres d'hôtel sont réservées pour les participants financés ; apportez votre lettre d'invitation pour le visa si nécessaire.",
    'La ciudad de Londres es la sede de la 50.ª reunión de la ICANN y de la Cumbre de At-Large II. Visite la página de viaje de Londres para conocer mejor esta ciudad histórica. Las habitaciones de hotel están reservadas para los participantes financiados; traiga su carta de invitación para el visado si la necesita.',
  ),
}

/** The five ATLAS II thematic groups. */
export const THEMATIC_GROUPS: LocalisedText[] = [
  {
    en: 'Future of Multi-Stakeholder Models',
    fr: "L'avenir des modèles multipartites",
    es: 'El futuro de los modelos de múltiples partes interesadas',
  },
  { en: 'The Globalization of ICANN', fr: "La mondialisation de l'ICANN", es: 'La globalización de la ICANN' },
  {
    en: 'Global Internet: The User Perspective',
    fr: "L'Internet mondial : le point de vue des utilisateurs",
    es: 'Internet global: la perspectiva del usuario',
  },
  {
    en: 'ICANN Transparency and Accountability',
    fr: "Transparence et responsabilité de l'ICANN",
    es: 'Transparencia y rendición de cuentas de la ICANN',
  },
  {
    en: 'At-Large Community Engagement in ICANN',
    fr: "Engagement de la communauté At-Large dans l'ICANN",
    es: 'Participación de la comunidad de At-Large en la ICANN',
  },
]

export const SUMMIT_SESSIONS: {
  day: number
  start: string
  end: string
  room: string
  type: SessionType
  title: Record<Language, string>
}[] = [
  {
    day: 21,
    start: '09:00',
    end: '10:30',
    type: 'plenary',
    room: 'Palace Suite',
    title: prev('Opening plenary', "Plénière d'ouverture", 'Plenaria de apertura'),
  },
  {
    day: 21,
    start: '11:00',
    end: '12:30',
    type: 'working_group',
    room: 'Balmoral',
    title: prev(
      'Thematic groups: first session',
      'Groupes thématiques : première séance',
      'Grupos temáticos: primera sesión',
    ),
  },
  {
    day: 22,
    start: '09:00',
    end: '12:30',
    type: 'working_group',
    room: 'Balmoral',
    title: prev('Thematic groups: drafting', 'Groupes thématiques : rédaction', 'Grupos temáticos: redacción'),
  },
  {
    day: 22,
    start: '19:00',
    end: '22:00',
    type: 'social',
    room: 'Kings Suite',
    title: prev('ATLAS II reception', 'Réception ATLAS II', 'Recepción de ATLAS II'),
  },
  {
    day: 25,
    start: '14:00',
    end: '16:00',
    type: 'plenary',
    room: 'Palace Suite',
    title: prev(
      'Presentation of the five reports',
      'Présentation des cinq rapports',
      'Presentación de los cinco informes',
    ),
  },
  {
    day: 26,
    start: '09:00',
    end: '10:30',
    type: 'plenary',
    room: 'Palace Suite',
    title: prev('Closing plenary', 'Plénière de clôture', 'Plenaria de clausura'),
  },
]

/**
 * The first summit newsletter. The webinar announcement and the recordings are
 * schedule blocks, filled from the database for each reader (their zone, their
 * interpretation conference ID), so the text carries no times of its own.
 */
export const NEWSLETTER = {
  slug: 'atlas-ii-newsletter-1',
  sentAt: '2014-05-08T12:00:00Z',
  en: {
    subject: 'At-Large Summit II Newsletter no. 1: the ALAC chair on ATLAS II',
    preheader: 'The ALAC chair shares his thoughts about ATLAS II and upcoming capacity building webinars',
    body: `# The ICANN At-Large Summit II will begin in London

Welcome to the first At-Large Summit II Newsletter! As an At-Large Structure (ALS) representative attending the 2nd At-Large Summit during the 50th ICANN meeting in London, you'll receive regular news updates to keep you informed about Summit activities and information to prepare you for the At-Large Summit.

In this newsletter:

- ALAC chair shares his thoughts on ATLAS II
- Capacity Building Webinar on "Security and Stability"
- Presentations, recordings of previous Capacity Building Webinars available
- Learn more about the city of London!

## Interview with Olivier Crépin-Leblond, chair of the ALAC

**1. From your perspective as ALAC chair, what is the importance of ATLAS II?**

It is widely understood today that the first At-Large Summit (ATLAS) was the starting point and catalyst for a lot of today's ALAC and Regional leaders because it was the first time they really understood the topics at ICANN, the way the At-Large Community was structured and the process by which end user input became policy in At-Large.

ATLAS II will provide the ability for our At-Large Structure representatives, many of whom have never attended an ICANN meeting, to experience the meeting, to share issues and to work together with other like-minded people on topics which they, themselves, have chosen to work on.

**4. What do you consider are the next steps after ATLAS II?**

ATLAS II participants will draft five (5) reports based on the outcome of their discussions. These will be presented to the Board and their recommendations will be considered by the Board.

{{upcoming-webinars}}

French and Spanish interpretation will be provided. If you require a dial-out please contact At-Large staff with your preferred number.

{{recent-recordings}}

## Learn more about the city of London!

The city of London is the venue of the 50th ICANN meeting and the At-Large Summit II.
`,
  },
  fr: {
    subject: "Lettre d'information n° 1 du sommet At-Large II : le président de l'ALAC sur ATLAS II",
    preheader: "Le président de l'ALAC partage ses réflexions sur ATLAS II et les prochains webinaires",
    body: `# Le sommet At-Large II de l'ICANN commencera à Londres

Bienvenue dans la première lettre d'information du sommet At-Large II !

## Entretien avec Olivier Crépin-Leblond, président de l'ALAC

**1. De votre point de vue comme président ALAC, quelle est l'importance d'ATLAS II ?**

Il est aujourd'hui largement admis que le premier sommet At-Large (ATLAS) était le point de départ et le catalyseur d'un nombre important de leaders ALAC et régionaux car c'était la première fois qu'ils comprenaient réellement les sujets de l'ICANN, la manière dont la communauté At-Large était structurée et les procédures par lesquelles les remarques des usagers finaux se traduisaient en orientation politique au sein d'At-Large.

ATLAS II fournira la capacité pour nos représentants de structures At-Large, dont beaucoup n'ont jamais assisté à une réunion de l'ICANN, de participer à la réunion, de partager les interrogations et de travailler ensemble avec d'autres personnes de même opinion sur des sujets pour lesquels ils ont eux-mêmes choisi de travailler.

**4. Que considérez-vous comme les prochaines étapes à suivre après ATLAS II ?**

Les participants à ATLAS II rédigeront cinq (5) rapports basés sur le résultat de leurs discussions. Ceux-ci seront présentés au Conseil de l'ICANN et leurs recommandations seront considérées par le Conseil.

{{upcoming-webinars}}

L'interprétation en français et en espagnol sera assurée. Si vous souhaitez être appelé, communiquez votre numéro au personnel d'At-Large.

{{recent-recordings}}

## Découvrez la ville de Londres !

Londres accueille la 50e réunion de l'ICANN et le sommet At-Large II.
`,
  },
  es: {
    subject: 'Boletín n.º 1 de la Cumbre At-Large II: el presidente del ALAC habla de ATLAS II',
    preheader: 'El presidente del ALAC comparte sus reflexiones sobre ATLAS II y los próximos seminarios web',
    body: `# La Cumbre At-Large II de la ICANN comenzará en Londres

¡Bienvenido al primer boletín de la Cumbre At-Large II! Como representante de una Estructura At-Large (ALS) que asistirá a la segunda Cumbre At-Large durante la 50.ª reunión de la ICANN en Londres, recibirá noticias periódicas sobre las actividades de la Cumbre e información para prepararse.

## Entrevista con Olivier Crépin-Leblond, presidente del ALAC

**1. Desde su perspectiva como presidente del ALAC, ¿cuál es la importancia de ATLAS II?**

Hoy se reconoce ampliamente que la primera Cumbre At-Large (ATLAS) fue el punto de partida y el catalizador de muchos de los actuales líderes del ALAC y de las regiones, porque fue la primera vez que comprendieron realmente los temas de la ICANN, la estructura de la comunidad At-Large y el proceso por el cual la opinión de los usuarios finales se convierte en política en At-Large.

ATLAS II permitirá a nuestros representantes de Estructuras At-Large, muchos de los cuales nunca han asistido a una reunión de la ICANN, vivir la reunión, compartir inquietudes y trabajar junto a otras personas afines en los temas que ellos mismos han elegido.

**4. ¿Cuáles considera que son los próximos pasos después de ATLAS II?**

Los participantes de ATLAS II redactarán cinco (5) informes basados en el resultado de sus debates. Se presentarán a la Junta Directiva, que considerará sus recomendaciones.

{{upcoming-webinars}}

Habrá interpretación al francés y al español. Si necesita que le llamemos, comunique su número al personal de At-Large.

{{recent-recordings}}

## ¡Conozca la ciudad de Londres!

Londres es la sede de la 50.ª reunión de la ICANN y de la Cumbre At-Large II.
`,
  },
}

/** A second issue, not sent yet: the current webinar season. Its Spanish version is still missing. */
export const DRAFT_NEWSLETTER = {
  slug: 'capacity-building-season',
  en: {
    subject: 'Capacity building: the next webinars',
    preheader: 'DNS abuse, Universal Acceptance and the policy process for newcomers',
    body: `# The next capacity-building webinars

Three webinars are coming up, each with French and Spanish interpretation. Register from the webinar page to receive the invitation in your calendar.

{{upcoming-webinars}}

{{recent-recordings}}
`,
  },
  fr: {
    subject: 'Renforcement des capacités : les prochains webinaires',
    preheader: "Abus du DNS, acceptation universelle et processus d'élaboration des politiques",
    body: `# Les prochains webinaires de renforcement des capacités

Trois webinaires arrivent, chacun avec interprétation en français et en espagnol. Inscrivez-vous depuis la page du webinaire pour recevoir l'invitation dans votre agenda.

{{upcoming-webinars}}

{{recent-recordings}}
`,
  },
}

/** A tracker change of the second half of 2020 (the June → December 2020 updates), to rebuild a report from. */
type SeedChange = {
  field: 'percent_complete' | 'proposed_end_date' | 'held_over'
  from: string | null
  to: string | null
  at: string
}

/**
 * Table 1 of the December 2020 progress report. `history` holds what moved since the June
 * 2020 update; `added` dates a milestone first reported in December.
 */
export const REVIEW_ITEMS: {
  number: number
  title: LocalisedText
  description: LocalisedText
  startDate: string
  owner: string
  milestones: {
    label: string
    title: LocalisedText
    end: string | null
    pct: number
    notes: LocalisedText
    heldOverBy?: LocalisedText
    history?: SeedChange[]
    added?: string
  }[]
}[] = [
  {
    number: 2,
    title: {
      en: 'Member Engagement and Criteria',
      fr: 'Engagement et critères des membres',
      es: 'Participación y criterios de los miembros',
    },
    description: {
      en: 'ALS (and particularly ALS member) engagement, and individual RALO member engagement.',
      fr: 'Engagement des ALS (et en particulier de leurs membres), et engagement des membres individuels des RALO.',
      es: 'Participación de las ALS (y en particular de sus miembros) y de los miembros individuales de las RALO.',
    },
    startDate: '2019-04-22',
    owner: 'ARIWG / ALS Mobilization Working Party',
    milestones: [
      {
        label: 'a',
        title: { en: 'Design', fr: 'Conception', es: 'Diseño' },
        end: '2020-09-30',
        pct: 100,
        notes: { en: 'Completed.', fr: 'Terminé.', es: 'Completado.' },
        history: [{ field: 'percent_complete', from: '80', to: '100', at: '2020-09-30' }],
      },
      {
        label: 'b',
        title: {
          en: 'ALS Mobilization Working Party Report approved and beginning implementation',
          fr: 'Rapport du groupe de travail sur la mobilisation des ALS approuvé, mise en œuvre commencée',
          es: 'Informe del grupo de trabajo de movilización de ALS aprobado y comienzo de la implementación',
        },
        end: '2020-12-04',
        pct: 70,
        history: [
          { field: 'proposed_end_date', from: '2020-10-31', to: '2020-12-04', at: '2020-10-15' },
          { field: 'percent_complete', from: '30', to: '70', at: '2020-11-20' },
        ],
        notes: {
          en: 'Significantly completed. New criteria and expectations for ALSes, revision of the ALS accreditation process, review of Bylaws and RALO Memorandums of Understanding.',
          fr: "Largement réalisé. Nouveaux critères et attentes pour les ALS, révision du processus d'accréditation des ALS, examen des statuts et des protocoles d'accord des RALO.",
          es: 'Completado en gran parte. Nuevos criterios y expectativas para las ALS, revisión del proceso de acreditación de ALS, revisión de los Estatutos y de los memorandos de entendimiento de las RALO.',
        },
      },
      {
        label: 'b-1',
        title: {
          en: 'Implementation after the December 2020 ALAC resolution on the ALS-Mob-WP Report',
          fr: "Mise en œuvre après la résolution de l'ALAC de décembre 2020 sur le rapport ALS-Mob-WP",
          es: 'Implementación tras la resolución del ALAC de diciembre de 2020 sobre el informe ALS-Mob-WP',
        },
        end: '2021-01-31',
        pct: 0,
        added: '2020-12-10',
        notes: {
          en: 'No separate status was given in the December 2020 update.',
          fr: "La mise à jour de décembre 2020 ne donne pas d'état distinct.",
          es: 'La actualización de diciembre de 2020 no da un estado separado.',
        },
      },
      {
        label: 'b-2',
        title: {
          en: 'Resolutions regarding the UIM-WP Report',
          fr: 'Résolutions concernant le rapport UIM-WP',
          es: 'Resoluciones sobre el informe UIM-WP',
        },
        end: '2021-03-25',
        pct: 0,
        added: '2020-12-10',
        notes: {
          en: 'The Working Party has been meeting since August; draft report expected early in the new year.',
          fr: "Le groupe de travail se réunit depuis août ; projet de rapport attendu en début d'année.",
          es: 'El grupo de trabajo se reúne desde agosto; se espera un borrador de informe a principios de año.',
        },
      },
    ],
  },
  {
    number: 16,
    title: { en: 'Metrics', fr: 'Indicateurs', es: 'Métricas' },
    description: {
      en: 'Performance metrics general to member and ALS participation, and specific measurables relating to ARI issues.',
      fr: 'Indicateurs de performance généraux de la participation des membres et des ALS, et mesures spécifiques relatives aux questions ARI.',
      es: 'Métricas de desempeño generales de la participación de miembros y ALS, y mediciones específicas relativas a las cuestiones ARI.',
    },
    startDate: '2018-11-27',
    owner: 'ALAC Metrics Sub Committee',
    milestones: [
      {
        label: 'a',
        title: {
          en: 'Absence of consistent performance metrics (ALS and member participation metric): CRM data, At-Large staff training',
          fr: 'Absence d’indicateurs de performance cohérents (participation des ALS et des membres) : données CRM, formation du personnel At-Large',
          es: 'Ausencia de métricas de desempeño coherentes (participación de ALS y miembros): datos del CRM, capacitación del personal de At-Large',
        },
        end: null,
        pct: 35,
        heldOverBy: {
          en: 'CRM tool roll-out by ICANN org',
          fr: "Déploiement de l'outil CRM par l'organisation ICANN",
          es: 'Despliegue de la herramienta CRM por la organización de la ICANN',
        },
        history: [
          { field: 'held_over', from: null, to: 'CRM tool roll-out by ICANN org', at: '2020-08-14' },
          { field: 'percent_complete', from: '20', to: '35', at: '2020-11-30' },
        ],
        notes: {
          en: 'Underway but still held over because of the CRM tool roll-out (external dependency on ICANN org).',
          fr: "En cours mais toujours reporté en raison du déploiement de l'outil CRM (dépendance externe envers l'organisation ICANN).",
          es: 'En curso pero aún aplazado por el despliegue de la herramienta CRM (dependencia externa de la organización de la ICANN).',
        },
      },
      {
        label: 'b',
        title: {
          en: 'Specific measurables relating to ARI issues',
          fr: 'Mesures spécifiques relatives aux questions ARI',
          es: 'Mediciones específicas relativas a las cuestiones ARI',
        },
        end: '2020-09-30',
        pct: 98,
        history: [{ field: 'percent_complete', from: '90', to: '98', at: '2020-10-01' }],
        notes: {
          en: 'Completed, noting the completion planned date for final metrics from Issue #2.',
          fr: 'Terminé, compte tenu de la date prévue pour les indicateurs finaux de la question n° 2.',
          es: 'Completado, teniendo en cuenta la fecha prevista para las métricas finales de la cuestión n.º 2.',
        },
      },
    ],
  },
]

/**
 * The standing working groups of the progress report, meeting through the year, and the
 * ALS Mobilization Working Party (seed 000 Issue 2), which must have every RALO in it.
 * `leavers` of the members left half-way, and the third member became vice-chair.
 */
export const STANDING_GROUPS: {
  slug: string
  kind: 'standing' | 'working_party'
  name: LocalisedText
  topic: LocalisedText
  description: LocalisedText
  startsOn: string
  membersPublic: boolean
  allRegionsRequired: boolean
  /** Share of the active members who are in the group, and regions left out (to show a gap). */
  share: number
  without?: RegionCode[]
  leavers: number
  meetings: number
  everyDays: number
}[] = [
  {
    slug: 'cpwg',
    kind: 'standing',
    name: {
      en: 'Consolidated Policy Working Group (CPWG)',
      fr: 'Groupe de travail sur les politiques consolidées (CPWG)',
      es: 'Grupo de Trabajo sobre Políticas Consolidadas (CPWG)',
    },
    topic: {
      en: 'At-Large policy advice and public comments',
      fr: 'Avis politiques et commentaires publics d’At-Large',
      es: 'Asesoramiento sobre políticas y comentarios públicos de At-Large',
    },
    description: {
      en: 'The CPWG prepares At-Large policy advice and responses to ICANN public comment proceedings. It meets every week; any At-Large member may join.\n\nPenholders for each statement are chosen from the volunteers on the group’s calls.',
      fr: 'Le CPWG prépare les avis politiques d’At-Large et les réponses aux consultations publiques de l’ICANN. Il se réunit chaque semaine ; tout membre d’At-Large peut y participer.\n\nLes rédacteurs de chaque déclaration sont choisis parmi les volontaires des réunions du groupe.',
      es: 'El CPWG prepara el asesoramiento de At-Large sobre políticas y las respuestas a los procesos de comentario público de la ICANN. Se reúne cada semana; cualquier miembro de At-Large puede participar.\n\nLos redactores de cada declaración se eligen entre los voluntarios de las reuniones del grupo.',
    },
    startsOn: '2018-11-01',
    membersPublic: true,
    allRegionsRequired: true,
    share: 0.35,
    leavers: 4,
    meetings: 50,
    everyDays: 7,
  },
  {
    slug: 'ofb-wg',
    kind: 'standing',
    name: {
      en: 'Operations, Finance and Budget Working Group (OFB-WG)',
      fr: 'Groupe de travail sur les opérations, les finances et le budget (OFB-WG)',
      es: 'Grupo de Trabajo sobre Operaciones, Finanzas y Presupuesto (OFB-WG)',
    },
    topic: {
      en: 'ICANN operating plan and budget, At-Large resources',
      fr: "Plan opérationnel et budget de l'ICANN, ressources d'At-Large",
      es: 'Plan operativo y presupuesto de la ICANN, recursos de At-Large',
    },
    description: {
      en: 'The OFB-WG reviews ICANN’s operating plan and budget and At-Large’s own resources, and drafts the ALAC’s comments on them.',
      fr: 'L’OFB-WG examine le plan opérationnel et le budget de l’ICANN ainsi que les ressources d’At-Large, et rédige les commentaires de l’ALAC à leur sujet.',
      es: 'El OFB-WG examina el plan operativo y el presupuesto de la ICANN y los recursos propios de At-Large, y redacta los comentarios del ALAC al respecto.',
    },
    startsOn: '2019-03-01',
    membersPublic: false,
    allRegionsRequired: false,
    share: 0.12,
    leavers: 2,
    meetings: 25,
    everyDays: 14,
  },
  {
    slug: 'als-mobilization',
    kind: 'working_party',
    name: {
      en: 'ALS Mobilization Working Party',
      fr: 'Groupe de travail sur la mobilisation des ALS',
      es: 'Grupo de Trabajo sobre la Movilización de las ALS',
    },
    topic: {
      en: 'Criteria and expectations for At-Large Structures',
      fr: 'Critères et attentes envers les structures At-Large',
      es: 'Criterios y expectativas para las Estructuras de At-Large',
    },
    description: {
      en: 'Set up under the At-Large Review Implementation to define what is expected of an ALS and how its engagement is measured. Every RALO takes part.',
      fr: 'Créé dans le cadre de la mise en œuvre de l’examen d’At-Large pour définir ce qui est attendu d’une ALS et comment son engagement est mesuré. Toutes les RALO y participent.',
      es: 'Creado en la implementación de la revisión de At-Large para definir qué se espera de una ALS y cómo se mide su participación. Participan todas las RALO.',
    },
    startsOn: '2019-06-01',
    membersPublic: true,
    allRegionsRequired: true,
    share: 0.05,
    without: ['NARALO'],
    leavers: 1,
    meetings: 8,
    everyDays: 30,
  },
]

export { POLICY_TOPICS } from './domain'

/**
 * The due-diligence checklist (what the ALS Mobilization Working Party expects of an ALS,
 * seed 000 Issue 2): staff can edit it in the app.
 */
export const ACCREDITATION_CRITERIA: Record<'en' | 'fr' | 'es', string>[] = [
  {
    en: 'Non-profit, and not controlled by a government, company or political party',
    fr: 'Sans but lucratif, et non contrôlée par un gouvernement, une entreprise ou un parti politique',
    es: 'Sin fines de lucro y no controlada por un gobierno, una empresa o un partido político',
  },
  {
    en: 'Open to individual Internet users, who can take part in its decisions',
    fr: 'Ouverte aux internautes individuels, qui peuvent prendre part à ses décisions',
    es: 'Abierta a usuarios individuales de Internet, que pueden participar en sus decisiones',
  },
  {
    en: 'Publishes how it is governed and who its officers are',
    fr: 'Publie ses règles de fonctionnement et le nom de ses responsables',
    es: 'Publica cómo se gobierna y quiénes son sus responsables',
  },
  {
    en: 'Named a representative who will take part in the RALO',
    fr: 'A désigné un représentant qui participera à la RALO',
    es: 'Ha nombrado un representante que participará en la RALO',
  },
]

/** A group's short name: the acronym in its English name's brackets (CPWG), else the name. */
export function shortName(name: LocalisedText): string {
  return name.en.match(/\(([^)]+)\)/)?.[1] ?? name.en
}

/** A published group call: its title and agenda in the three languages. */
export function meetingTexts(name: LocalisedText, n: number) {
  const short = shortName(name)
  return {
    en: {
      title: `${short} call ${n}`,
      description: '',
      agenda:
        '1. Welcome and roll call\n2. Open public comment proceedings: who holds the pen\n3. Statements in drafting: status from the penholders\n4. Any other business',
    },
    fr: {
      title: `Réunion ${short} n° ${n}`,
      description: '',
      agenda:
        '1. Accueil et appel\n2. Consultations publiques ouvertes : qui rédige\n3. Déclarations en cours de rédaction : point des rédacteurs\n4. Questions diverses',
    },
    es: {
      title: `Reunión ${short} n.º ${n}`,
      description: '',
      agenda:
        '1. Bienvenida y lista de asistencia\n2. Procesos de comentario público abiertos: quién redacta\n3. Declaraciones en redacción: estado según los redactores\n4. Otros asuntos',
    },
  }
}

/** The minutes of a held call, in the three languages (Markdown). */
export function meetingMinutes(name: LocalisedText, n: number): Partial<Record<'en' | 'fr' | 'es', string>> {
  const short = shortName(name)
  return {
    en: `## ${short} call ${n}\n\n**Decisions**\n\n- The group supports the draft response on registration data; penholders circulate the final text within a week.\n- A call for volunteers goes out for the new public comment on universal acceptance.\n\n**Discussion**\n\nMembers from every region asked for the slides to be shared before the call, so that interpreters and non-English speakers can prepare.`,
    fr: `## Réunion ${short} n° ${n}\n\n**Décisions**\n\n- Le groupe soutient le projet de réponse sur les données d’enregistrement ; les rédacteurs diffusent le texte final sous une semaine.\n- Un appel à volontaires est lancé pour la nouvelle consultation publique sur l’acceptation universelle.\n\n**Discussion**\n\nDes membres de toutes les régions ont demandé que les diapositives soient partagées avant la réunion, pour que les interprètes et les non-anglophones puissent se préparer.`,
    es: `## Reunión ${short} n.º ${n}\n\n**Decisiones**\n\n- El grupo apoya el borrador de respuesta sobre datos de registración; los redactores circulan el texto final en una semana.\n- Se lanza una convocatoria de voluntarios para el nuevo comentario público sobre aceptación universal.\n\n**Debate**\n\nMiembros de todas las regiones pidieron que las diapositivas se compartan antes de la reunión, para que los intérpretes y quienes no hablan inglés puedan prepararse.`,
  }
}

/** Action items taken on at the last two calls of each group (two per call). */
export const MEETING_ACTIONS = [
  'Circulate the final draft response on registration data to the group list',
  'Draft the call for volunteers for the universal acceptance public comment',
  'Collect the regional input on the newcomers’ onboarding guide',
  'Share the slides with the interpreters two days before the next call',
]

/**
 * The statements in the pipeline and recently finished: one or more at every stage, each
 * with its kind, texts (the call for volunteers has no Spanish yet, to show the fallback),
 * the days since it opened, and the comment deadline from today where it has one.
 */
export const PIPELINE_STATEMENTS: {
  kind: 'advice' | 'public_comment' | 'correspondence' | 'other'
  stage: 'call_for_volunteers' | 'drafting' | 'comment_period' | 'alac_vote' | 'submitted' | 'withdrawn'
  topic: string
  openedDaysAgo: number
  deadlineInDays: number | null
  texts: Partial<Record<'en' | 'fr' | 'es', { title: string; summary: string }>>
}[] = [
  {
    kind: 'public_comment',
    stage: 'call_for_volunteers',
    topic: 'IDNs',
    openedDaysAgo: 3,
    deadlineInDays: 30,
    texts: {
      en: {
        title: 'Universal Acceptance of internationalised domain names: response to the public comment',
        summary:
          'How far e-mail and web software accept non-ASCII domain names and addresses, and what end users need.',
      },
      fr: {
        title: 'Acceptation universelle des noms de domaine internationalisés : réponse à la consultation publique',
        summary:
          'Dans quelle mesure les logiciels de messagerie et du web acceptent les noms et adresses non ASCII, et ce dont les utilisateurs ont besoin.',
      },
    },
  },
  {
    kind: 'public_comment',
    stage: 'drafting',
    topic: 'DNS',
    openedDaysAgo: 12,
    deadlineInDays: 9,
    texts: {
      en: {
        title: 'DNS abuse mitigation: proposed contract amendments',
        summary: 'Comments on the obligations proposed for registrars and registries to act on DNS abuse.',
      },
      fr: {
        title: 'Lutte contre les abus du DNS : amendements contractuels proposés',
        summary:
          'Commentaires sur les obligations proposées aux bureaux d’enregistrement et aux registres pour agir contre les abus du DNS.',
      },
      es: {
        title: 'Mitigación del uso indebido del DNS: enmiendas contractuales propuestas',
        summary:
          'Comentarios sobre las obligaciones propuestas a registradores y registros para actuar contra el uso indebido del DNS.',
      },
    },
  },
  {
    kind: 'advice',
    stage: 'comment_period',
    topic: 'WHOIS/GDPR',
    openedDaysAgo: 25,
    deadlineInDays: 13,
    texts: {
      en: {
        title: 'ALAC advice on access to registration data',
        summary: 'Advice to the Board on a predictable way for users to reach registrants in cases of abuse.',
      },
      fr: {
        title: 'Avis de l’ALAC sur l’accès aux données d’enregistrement',
        summary:
          'Avis au Conseil sur un moyen prévisible pour les utilisateurs de joindre les titulaires en cas d’abus.',
      },
      es: {
        title: 'Asesoramiento del ALAC sobre el acceso a los datos de registración',
        summary:
          'Asesoramiento a la Junta sobre una vía previsible para que los usuarios contacten a los titulares en casos de uso indebido.',
      },
    },
  },
  {
    kind: 'public_comment',
    stage: 'alac_vote',
    topic: 'New gTLDs',
    openedDaysAgo: 40,
    deadlineInDays: 4,
    texts: {
      en: {
        title: 'Next round of new gTLDs: applicant support programme',
        summary: 'Support for applicants from underserved regions in the next round.',
      },
      fr: {
        title: 'Prochaine série de nouveaux gTLD : programme d’aide aux candidats',
        summary: 'Le soutien aux candidats des régions mal desservies lors de la prochaine série.',
      },
      es: {
        title: 'Próxima ronda de nuevos gTLD: programa de apoyo a solicitantes',
        summary: 'Apoyo a los solicitantes de regiones desatendidas en la próxima ronda.',
      },
    },
  },
  {
    kind: 'public_comment',
    stage: 'submitted',
    topic: 'Multistakeholder model',
    openedDaysAgo: 70,
    deadlineInDays: null,
    texts: {
      en: {
        title: 'Evolving the multistakeholder model: work plan',
        summary: 'Support for the work plan, with end users’ priorities on prioritisation and volunteer burnout.',
      },
      fr: {
        title: 'Faire évoluer le modèle multipartite : plan de travail',
        summary:
          'Soutien au plan de travail, avec les priorités des utilisateurs finaux sur la hiérarchisation et l’épuisement des volontaires.',
      },
      es: {
        title: 'Evolución del modelo de múltiples partes interesadas: plan de trabajo',
        summary:
          'Apoyo al plan de trabajo, con las prioridades de los usuarios finales sobre priorización y agotamiento de los voluntarios.',
      },
    },
  },
  {
    kind: 'correspondence',
    stage: 'submitted',
    topic: 'DNS',
    openedDaysAgo: 110,
    deadlineInDays: null,
    texts: {
      en: {
        title: 'Letter to the Board on end-user outreach in the regions',
        summary: 'The At-Large view on how ICANN reaches end users, region by region.',
      },
      es: {
        title: 'Carta a la Junta sobre la difusión a los usuarios finales en las regiones',
        summary: 'La opinión de At-Large sobre cómo la ICANN llega a los usuarios finales, región por región.',
      },
    },
  },
  {
    kind: 'other',
    stage: 'withdrawn',
    topic: 'IDNs',
    openedDaysAgo: 150,
    deadlineInDays: null,
    texts: {
      en: {
        title: 'Label generation rules for a script: comment withdrawn',
        summary: 'Withdrawn when the proceeding was closed early and replaced by a new one.',
      },
      fr: {
        title: 'Règles de génération d’étiquettes pour une écriture : commentaire retiré',
        summary: 'Retiré lorsque la consultation a été close de façon anticipée et remplacée.',
      },
    },
  },
  {
    kind: 'advice',
    stage: 'submitted',
    topic: 'WHOIS/GDPR',
    openedDaysAgo: 200,
    deadlineInDays: null,
    texts: {
      en: {
        title: 'ALAC advice on the registration data policy',
        summary: 'Advice to the Board on the consensus policy for registration data.',
      },
      fr: {
        title: 'Avis de l’ALAC sur la politique relative aux données d’enregistrement',
        summary: 'Avis au Conseil sur la politique de consensus relative aux données d’enregistrement.',
      },
      es: {
        title: 'Asesoramiento del ALAC sobre la política de datos de registración',
        summary: 'Asesoramiento a la Junta sobre la política de consenso para los datos de registración.',
      },
    },
  },
]

type SeedStatus = 'proposed' | 'accepted' | 'in_progress' | 'implemented' | 'rejected'

/**
 * Recommendations of the five ATLAS II thematic group reports (presented to the Board and
 * shared with local communities), one from the post-summit survey analysis and one from a
 * review item. `group` is the thematic group's number; `steps` the dated status history
 * after "proposed" (the report's date); `milestones` link tracker milestones ("2:b").
 */
export const RECOMMENDATIONS: {
  reference: string
  source: { group: number } | { survey: true } | { reviewItem: number }
  owner: string
  text: LocalisedText
  proposed: string
  steps: { status: SeedStatus; at: string; note?: LocalisedText }[]
  milestones?: string[]
}[] = [
  {
    reference: 'TG1-1',
    source: { group: 1 },
    owner: 'ICANN Board',
    text: {
      en: 'End users should be represented at every stage of ICANN policy development, not only at the public comment stage.',
      fr: "Les utilisateurs finaux doivent être représentés à chaque étape de l'élaboration des politiques de l'ICANN, pas seulement lors des consultations publiques.",
      es: 'Los usuarios finales deben estar representados en cada etapa del desarrollo de políticas de la ICANN, no solo en la etapa de comentarios públicos.',
    },
    proposed: '2014-06-26',
    steps: [{ status: 'accepted', at: '2014-10-16' }],
  },
  {
    reference: 'TG1-2',
    source: { group: 1 },
    owner: 'ICANN org',
    text: {
      en: 'Multistakeholder processes should publish their decisions, and the reasons for them, in plain language.',
      fr: 'Les processus multipartites doivent publier leurs décisions, et leurs motifs, dans un langage clair.',
      es: 'Los procesos de múltiples partes interesadas deben publicar sus decisiones, y sus motivos, en un lenguaje claro.',
    },
    proposed: '2014-06-26',
    steps: [],
  },
  {
    reference: 'TG2-1',
    source: { group: 2 },
    owner: 'ICANN org',
    text: {
      en: 'ICANN should publish its key documents in the six UN languages at the same time as in English.',
      fr: "L'ICANN doit publier ses principaux documents dans les six langues de l'ONU en même temps qu'en anglais.",
      es: 'La ICANN debe publicar sus documentos clave en los seis idiomas de la ONU al mismo tiempo que en inglés.',
    },
    proposed: '2014-06-26',
    steps: [
      { status: 'accepted', at: '2014-10-16' },
      { status: 'in_progress', at: '2015-03-01' },
    ],
  },
  {
    reference: 'TG2-2',
    source: { group: 2 },
    owner: 'At-Large staff',
    text: {
      en: 'Every At-Large call that needs it should have simultaneous interpretation in English, French and Spanish.',
      fr: "Chaque appel At-Large qui en a besoin doit bénéficier d'une interprétation simultanée en anglais, en français et en espagnol.",
      es: 'Cada llamada de At-Large que lo necesite debe contar con interpretación simultánea en inglés, francés y español.',
    },
    proposed: '2014-06-26',
    steps: [
      { status: 'accepted', at: '2014-10-16' },
      { status: 'in_progress', at: '2014-11-01' },
      { status: 'implemented', at: '2015-06-30' },
    ],
  },
  {
    reference: 'TG3-1',
    source: { group: 3 },
    owner: 'ICANN Board',
    text: {
      en: "The users' interest should weigh in the rules for new gTLDs and internationalised domain names.",
      fr: "L'intérêt des utilisateurs doit peser dans les règles des nouveaux gTLD et des noms de domaine internationalisés.",
      es: 'El interés de los usuarios debe pesar en las reglas de los nuevos gTLD y de los nombres de dominio internacionalizados.',
    },
    proposed: '2014-06-26',
    steps: [{ status: 'accepted', at: '2014-10-16' }],
  },
  {
    reference: 'TG3-2',
    source: { group: 3 },
    owner: 'ICANN org',
    text: {
      en: "Registration data (WHOIS) policy should protect registrants' privacy under applicable law.",
      fr: "La politique des données d'enregistrement (WHOIS) doit protéger la vie privée des titulaires conformément au droit applicable.",
      es: 'La política de datos de registro (WHOIS) debe proteger la privacidad de los registratarios conforme a la ley aplicable.',
    },
    proposed: '2014-06-26',
    steps: [
      { status: 'accepted', at: '2014-10-16' },
      { status: 'in_progress', at: '2018-05-25' },
    ],
  },
  {
    reference: 'TG4-1',
    source: { group: 4 },
    owner: 'ICANN Board',
    text: {
      en: 'When the Board does not follow ALAC advice, it should say so and give its reasons.',
      fr: "Lorsque le Conseil ne suit pas un avis de l'ALAC, il doit le dire et en donner les raisons.",
      es: 'Cuando la Junta no siga un asesoramiento del ALAC, debe decirlo y dar sus razones.',
    },
    proposed: '2014-06-26',
    steps: [
      { status: 'accepted', at: '2014-10-16' },
      { status: 'in_progress', at: '2015-01-15' },
      { status: 'implemented', at: '2016-10-01' },
    ],
  },
  {
    reference: 'TG4-2',
    source: { group: 4 },
    owner: 'ICANN org',
    text: {
      en: 'ICANN should publish a yearly report on how public comments changed its decisions.',
      fr: "L'ICANN doit publier un rapport annuel sur la manière dont les commentaires publics ont modifié ses décisions.",
      es: 'La ICANN debe publicar un informe anual sobre cómo los comentarios públicos cambiaron sus decisiones.',
    },
    proposed: '2014-06-26',
    steps: [
      {
        status: 'rejected',
        at: '2014-10-16',
        note: {
          en: 'Already covered: each public comment proceeding ends with a staff report on the comments received and how they were used.',
          fr: 'Déjà couvert : chaque consultation publique se termine par un rapport du personnel sur les commentaires reçus et leur prise en compte.',
          es: 'Ya cubierto: cada proceso de comentario público termina con un informe del personal sobre los comentarios recibidos y cómo se usaron.',
        },
      },
    ],
  },
  {
    reference: 'TG5-1',
    source: { group: 5 },
    owner: 'ALAC',
    text: {
      en: 'The ALAC should set participation expectations for At-Large Structures and review them regularly.',
      fr: "L'ALAC doit définir des attentes de participation pour les structures At-Large et les réexaminer régulièrement.",
      es: 'El ALAC debe fijar expectativas de participación para las Estructuras de At-Large y revisarlas con regularidad.',
    },
    proposed: '2014-06-26',
    steps: [
      { status: 'accepted', at: '2014-10-16' },
      { status: 'in_progress', at: '2020-11-20' },
    ],
    milestones: ['2:b', '2:b-1'],
  },
  {
    reference: 'TG5-2',
    source: { group: 5 },
    owner: 'At-Large staff',
    text: {
      en: 'At-Large should run regular capacity-building webinars, with interpretation, for newcomers.',
      fr: 'At-Large doit organiser régulièrement des webinaires de renforcement des capacités, avec interprétation, pour les nouveaux venus.',
      es: 'At-Large debe organizar con regularidad seminarios web de desarrollo de capacidades, con interpretación, para los recién llegados.',
    },
    proposed: '2014-06-26',
    steps: [
      { status: 'accepted', at: '2014-10-16' },
      { status: 'in_progress', at: '2014-11-01' },
      { status: 'implemented', at: '2015-12-31' },
    ],
  },
  {
    reference: 'TG5-3',
    source: { group: 5 },
    owner: 'ALAC Metrics Sub Committee',
    text: {
      en: 'At-Large should measure ALS and member participation with consistent metrics.',
      fr: 'At-Large doit mesurer la participation des ALS et des membres avec des indicateurs cohérents.',
      es: 'At-Large debe medir la participación de las ALS y de los miembros con métricas coherentes.',
    },
    proposed: '2014-06-26',
    steps: [
      { status: 'accepted', at: '2014-10-16' },
      { status: 'in_progress', at: '2020-08-14' },
    ],
    milestones: ['16:a', '16:b'],
  },
  {
    reference: 'SV-1',
    source: { survey: true },
    owner: 'ATLAS III organising team',
    text: {
      en: 'Give the thematic groups more drafting time at the next summit, and fewer plenary speeches.',
      fr: 'Donner plus de temps de rédaction aux groupes thématiques lors du prochain sommet, et moins de discours en plénière.',
      es: 'Dar a los grupos temáticos más tiempo de redacción en la próxima cumbre, y menos discursos en plenaria.',
    },
    proposed: '2014-09-15',
    steps: [{ status: 'accepted', at: '2014-10-16' }],
  },
  {
    reference: 'ARI-2',
    source: { reviewItem: 2 },
    owner: 'ARIWG / ALS Mobilization Working Party',
    text: {
      en: 'Revise the ALS accreditation process and the criteria and expectations for ALSes.',
      fr: "Réviser le processus d'accréditation des ALS ainsi que les critères et attentes qui s'y appliquent.",
      es: 'Revisar el proceso de acreditación de las ALS y los criterios y expectativas para las ALS.',
    },
    proposed: '2020-10-30',
    steps: [
      { status: 'accepted', at: '2020-11-20' },
      { status: 'in_progress', at: '2020-12-04' },
    ],
    milestones: ['2:b'],
  },
]

/** Topic lists people choose on their preference page (a regional one per RALO). */
export const MAILING_LISTS: {
  slug: string
  name: LocalisedText
  description: LocalisedText
  regionCode?: RegionCode
}[] = [
  {
    slug: 'summit-news',
    name: { en: 'Summit news', fr: 'Actualités du sommet', es: 'Noticias de la cumbre' },
    description: {
      en: 'Preparations, programme and outcomes of the At-Large Summit, a few times a year.',
      fr: 'Préparation, programme et résultats du Sommet At-Large, quelques fois par an.',
      es: 'Preparativos, programa y resultados de la Cumbre de At-Large, unas pocas veces al año.',
    },
  },
  {
    slug: 'capacity-building',
    name: {
      en: 'Capacity-building webinars',
      fr: 'Webinaires de renforcement des capacités',
      es: 'Seminarios web de fortalecimiento de capacidades',
    },
    description: {
      en: 'The next webinars with their interpretation channels, and recordings of the last ones; about monthly.',
      fr: 'Les prochains webinaires avec leurs canaux d’interprétation, et les enregistrements des derniers ; environ une fois par mois.',
      es: 'Los próximos seminarios web con sus canales de interpretación y las grabaciones de los últimos; más o menos cada mes.',
    },
  },
  ...(['AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO'] as const).map((region) => ({
    slug: `regional-news-${region.toLowerCase()}`,
    regionCode: region,
    name: {
      en: `Regional news — ${region}`,
      fr: `Actualités régionales — ${region}`,
      es: `Noticias regionales — ${region}`,
    },
    description: {
      en: `News, calls and meetings of ${region} and its At-Large Structures.`,
      fr: `Nouvelles, appels et réunions de ${region} et de ses structures At-Large.`,
      es: `Noticias, convocatorias y reuniones de ${region} y sus Estructuras de At-Large.`,
    },
  })),
  {
    slug: 'working-group-notices',
    name: { en: 'Working-group notices', fr: 'Avis des groupes de travail', es: 'Avisos de los grupos de trabajo' },
    description: {
      en: 'Calls for volunteers, statements open for comment and working-group meetings.',
      fr: 'Appels à volontaires, déclarations ouvertes aux commentaires et réunions des groupes de travail.',
      es: 'Convocatorias de voluntarios, declaraciones abiertas a comentarios y reuniones de los grupos de trabajo.',
    },
  },
]

type Tri = [en: string, fr: string, es: string]
const tri = ([en, fr, es]: Tri): LocalisedText => ({ en, fr, es })

/** The acronyms of the two source documents, for the shared glossary. */
export const GLOSSARY: { term: string; expansion: LocalisedText; definition: LocalisedText }[] = (
  [
    [
      'ALAC',
      ['At-Large Advisory Committee', 'Comité consultatif At-Large', 'Comité Asesor At-Large'],
      [
        'The 15-member ICANN committee that speaks for the interests of individual Internet users.',
        'Le comité de l’ICANN, de 15 membres, qui porte les intérêts des utilisateurs individuels de l’Internet.',
        'El comité de la ICANN, de 15 miembros, que defiende los intereses de los usuarios individuales de Internet.',
      ],
    ],
    [
      'ALS',
      ['At-Large Structure', 'Structure At-Large', 'Estructura de At-Large'],
      [
        'An accredited organisation of Internet users that takes part in At-Large through its regional organisation.',
        'Une organisation d’utilisateurs de l’Internet accréditée, qui participe à At-Large par son organisation régionale.',
        'Una organización acreditada de usuarios de Internet que participa en At-Large a través de su organización regional.',
      ],
    ],
    [
      'RALO',
      ['Regional At-Large Organization', 'Organisation régionale At-Large', 'Organización Regional At-Large'],
      [
        'One of the five regional organisations (AFRALO, APRALO, EURALO, LACRALO, NARALO) grouping the At-Large Structures and individual members of a region.',
        'L’une des cinq organisations régionales (AFRALO, APRALO, EURALO, LACRALO, NARALO) qui regroupent les structures At-Large et les membres individuels d’une région.',
        'Una de las cinco organizaciones regionales (AFRALO, APRALO, EURALO, LACRALO, NARALO) que agrupan a las Estructuras de At-Large y a los miembros individuales de una región.',
      ],
    ],
    [
      'ARIWG',
      [
        'At-Large Review Implementation Working Group',
        'Groupe de travail sur la mise en œuvre de la révision d’At-Large',
        'Grupo de Trabajo para la Implementación de la Revisión de At-Large',
      ],
      [
        'The group that plans and reports on the implementation of the At-Large review.',
        'Le groupe qui planifie la mise en œuvre de la révision d’At-Large et en rend compte.',
        'El grupo que planifica la implementación de la revisión de At-Large e informa sobre ella.',
      ],
    ],
    [
      'OEC',
      [
        'Organizational Effectiveness Committee',
        'Comité de l’efficacité organisationnelle',
        'Comité de Efectividad Organizacional',
      ],
      [
        'The ICANN Board committee that oversees the reviews of ICANN’s organisations.',
        'Le comité du Conseil d’administration de l’ICANN qui supervise les révisions de ses organisations.',
        'El comité de la Junta Directiva de la ICANN que supervisa las revisiones de sus organizaciones.',
      ],
    ],
    [
      'CRM',
      ['Customer Relationship Management', 'Gestion de la relation client', 'Gestión de relaciones con los clientes'],
      [
        'The contact-management system whose roll-out several implementation milestones depend on.',
        'Le système de gestion des contacts dont le déploiement conditionne plusieurs étapes de la mise en œuvre.',
        'El sistema de gestión de contactos de cuyo despliegue dependen varios hitos de la implementación.',
      ],
    ],
    [
      'ATLAS',
      ['At-Large Summit', 'Sommet At-Large', 'Cumbre de At-Large'],
      [
        'The gathering of representatives of every At-Large Structure; ATLAS II took place in London in June 2014.',
        'La réunion des représentants de toutes les structures At-Large ; ATLAS II s’est tenu à Londres en juin 2014.',
        'La reunión de representantes de todas las Estructuras de At-Large; ATLAS II se celebró en Londres en junio de 2014.',
      ],
    ],
    [
      'SSAC',
      [
        'Security and Stability Advisory Committee',
        'Comité consultatif sur la sécurité et la stabilité',
        'Comité Asesor de Seguridad y Estabilidad',
      ],
      [
        'The ICANN committee that advises on the security and integrity of the Internet’s naming and address systems.',
        'Le comité de l’ICANN qui conseille sur la sécurité et l’intégrité des systèmes de noms et d’adresses de l’Internet.',
        'El comité de la ICANN que asesora sobre la seguridad e integridad de los sistemas de nombres y direcciones de Internet.',
      ],
    ],
    [
      'IDN',
      ['Internationalized Domain Name', 'Nom de domaine internationalisé', 'Nombre de dominio internacionalizado'],
      [
        'A domain name written in a script other than Latin letters, or with accented letters.',
        'Un nom de domaine écrit dans une autre écriture que l’alphabet latin, ou avec des lettres accentuées.',
        'Un nombre de dominio escrito en una escritura distinta del alfabeto latino, o con letras acentuadas.',
      ],
    ],
    [
      'WHOIS',
      ['WHOIS (“who is”)', 'WHOIS (« qui est »)', 'WHOIS («quién es»)'],
      [
        'The service and protocol that tell who registered a domain name; its data is limited since the GDPR.',
        'Le service et le protocole qui indiquent qui a enregistré un nom de domaine ; ses données sont limitées depuis le RGPD.',
        'El servicio y protocolo que indican quién registró un nombre de dominio; sus datos están limitados desde el RGPD.',
      ],
    ],
    [
      'GDPR',
      [
        'General Data Protection Regulation',
        'Règlement général sur la protection des données (RGPD)',
        'Reglamento General de Protección de Datos (RGPD)',
      ],
      [
        'The European Union law on personal data, in force since May 2018.',
        'La loi de l’Union européenne sur les données personnelles, en vigueur depuis mai 2018.',
        'La ley de la Unión Europea sobre datos personales, en vigor desde mayo de 2018.',
      ],
    ],
    [
      'gTLD',
      ['generic Top-Level Domain', 'domaine générique de premier niveau', 'dominio genérico de alto nivel'],
      [
        'A top-level domain not tied to a country, such as .org or .info; new gTLDs opened from 2012.',
        'Un domaine de premier niveau qui n’est pas lié à un pays, comme .org ou .info ; les nouveaux gTLD ont ouvert à partir de 2012.',
        'Un dominio de alto nivel no vinculado a un país, como .org o .info; los nuevos gTLD se abrieron a partir de 2012.',
      ],
    ],
    [
      'ICANN',
      [
        'Internet Corporation for Assigned Names and Numbers',
        'Société pour l’attribution des noms de domaine et des numéros sur Internet',
        'Corporación para la Asignación de Nombres y Números en Internet',
      ],
      [
        'The non-profit organisation that coordinates the Internet’s domain names and addresses.',
        'L’organisation à but non lucratif qui coordonne les noms de domaine et les adresses de l’Internet.',
        'La organización sin fines de lucro que coordina los nombres de dominio y las direcciones de Internet.',
      ],
    ],
    [
      'DNS',
      ['Domain Name System', 'Système de noms de domaine', 'Sistema de Nombres de Dominio'],
      [
        'The system that turns domain names into the addresses computers use.',
        'Le système qui traduit les noms de domaine en adresses utilisées par les ordinateurs.',
        'El sistema que traduce los nombres de dominio en las direcciones que usan las computadoras.',
      ],
    ],
    [
      'CPWG',
      [
        'Consolidated Policy Working Group',
        'Groupe de travail consolidé sur les politiques',
        'Grupo de Trabajo Consolidado sobre Políticas',
      ],
      [
        'The At-Large working group that prepares the community’s comments and statements on ICANN policy.',
        'Le groupe de travail d’At-Large qui prépare les commentaires et déclarations de la communauté sur les politiques de l’ICANN.',
        'El grupo de trabajo de At-Large que prepara los comentarios y declaraciones de la comunidad sobre las políticas de la ICANN.',
      ],
    ],
  ] as [string, Tri, Tri][]
).map(([term, expansion, definition]) => ({ term, expansion: tri(expansion), definition: tri(definition) }))

/** The interpreters of the three booths (people of the directory with their language pairs). */
export const INTERPRETERS: {
  name: string
  email: string
  language: Language
  timeZone: string
  pairs: string[]
  provider: string
  booth: Language | null
}[] = [
  {
    name: 'Claire Dubois',
    email: 'claire.dubois@interpret.example',
    language: 'fr',
    timeZone: 'Europe/Paris',
    pairs: ['en<>fr'],
    provider: 'Conference Interpreters Geneva',
    booth: 'fr',
  },
  {
    name: 'Marc Lefèvre',
    email: 'marc.lefevre@interpret.example',
    language: 'fr',
    timeZone: 'Europe/Brussels',
    pairs: ['en<>fr', 'es>fr'],
    provider: 'Conference Interpreters Geneva',
    booth: 'fr',
  },
  {
    name: 'Ana Martínez',
    email: 'ana.martinez@interpret.example',
    language: 'es',
    timeZone: 'America/Montevideo',
    pairs: ['en<>es'],
    provider: 'Intérpretes del Sur',
    booth: 'es',
  },
  {
    name: 'Diego Romero',
    email: 'diego.romero@interpret.example',
    language: 'es',
    timeZone: 'America/Mexico_City',
    pairs: ['en<>es', 'fr>es'],
    provider: 'Intérpretes del Sur',
    booth: null,
  },
  {
    name: 'Sarah Collins',
    email: 'sarah.collins@interpret.example',
    language: 'en',
    timeZone: 'Europe/London',
    pairs: ['fr>en', 'es>en'],
    provider: 'Freelance',
    booth: 'en',
  },
  {
    name: 'James Okafor',
    email: 'james.okafor@interpret.example',
    language: 'en',
    timeZone: 'Africa/Lagos',
    pairs: ['fr>en'],
    provider: 'Freelance',
    booth: 'en',
  },
]

/**
 * Demo captions for a past webinar's recording, in one language: a few cues built from its
 * title (real captions would come from the captioning provider as WebVTT files).
 */
export function demoCaptions(title: string, language: Language): string {
  const lines = {
    en: [
      `Welcome to this capacity building webinar: ${title}.`,
      'Interpretation is available in English, French and Spanish.',
      'Our presenter will speak for about forty minutes, then we take your questions.',
      'Please type your questions in the chat, in the language of your choice.',
      'Thank you all for joining. The slides and this recording are on the webinar page.',
    ],
    fr: [
      `Bienvenue à ce webinaire de renforcement des capacités : ${title}.`,
      "L'interprétation est assurée en anglais, en français et en espagnol.",
      'Notre intervenant parlera une quarantaine de minutes, puis nous prendrons vos questions.',
      'Écrivez vos questions dans le chat, dans la langue de votre choix.',
      "Merci à tous d'avoir participé. La présentation et cet enregistrement sont sur la page du webinaire.",
    ],
    es: [
      `Bienvenidos a este seminario web de desarrollo de capacidades: ${title}.`,
      'Hay interpretación en inglés, francés y español.',
      'Nuestro orador hablará unos cuarenta minutos y luego responderemos sus preguntas.',
      'Escriban sus preguntas en el chat, en el idioma que prefieran.',
      'Gracias a todos por participar. La presentación y esta grabación están en la página del seminario.',
    ],
  }[language]
  const at = (s: number) =>
    [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':') +
    '.000'
  const starts = [0, 6, 12, 2700, 5300]
  return `WEBVTT\n\n${lines.map((l, i) => `${i + 1}\n${at(starts[i])} --> ${at(starts[i] + 5)}\n${l}`).join('\n\n')}\n`
}

/** The next demo webinar's agenda (its acronyms make the interpreters' glossary extract). */
export const NEXT_WEBINAR_AGENDA: Record<Language, string> = {
  en: '1. Welcome by the AFRALO Chair\n2. What DNS abuse is: phishing, malware, botnets\n3. What the SSAC and ALAC have said\n4. What an ALS can do: WHOIS, reporting abuse\n5. Questions',
  fr: "1. Accueil par la présidente d'AFRALO\n2. Ce qu'est l'abus du DNS : hameçonnage, logiciels malveillants, réseaux de robots\n3. Ce qu'ont dit le SSAC et l'ALAC\n4. Ce qu'une ALS peut faire : WHOIS, signaler les abus\n5. Questions",
  es: '1. Bienvenida de la presidenta de AFRALO\n2. Qué es el uso indebido del DNS: phishing, malware, botnets\n3. Qué han dicho el SSAC y el ALAC\n4. Qué puede hacer una ALS: WHOIS, denunciar abusos\n5. Preguntas',
}
