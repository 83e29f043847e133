/**
 * Demo surveys: the anonymous post-summit survey of ATLAS II (invitations to the
 * confirmed participants, most of whom answered) and an open, named feedback
 * survey on the capacity-building webinars, open now. They share four questions
 * (same codes), so the two can be compared.
 */
import { eq } from 'drizzle-orm'

import { dayOf, shuffled } from '~/services/surveys/completions.server'
import { invitationToken, tokenHash } from '~/services/surveys/tokens.server'

import type { DB } from './client'
import * as s from './schema'

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0]
type Rnd = { next: () => number; pick: <T>(items: readonly T[]) => T; chance: (p: number) => boolean }
type L3 = [string, string, string]
type P = {
  id: number
  region: s.RegionCode
  language: s.Language
  memberType: s.MemberType
  /** The structure they represent: an answer counts for it, as the app records it. */
  structureId?: number | null
}

const lt = ([en, fr, es]: L3): s.LocalisedText => ({ en, fr, es })

type Def = {
  code: string
  section: number
  kind: (typeof s.QUESTION_KINDS)[number]
  required?: boolean
  text: L3
  options?: [string, ...L3][]
  statements?: [string, ...L3][]
  showIf?: [string, string]
  min?: number
  max?: number
}

const SHARED: Record<string, Def> = {
  overall: {
    code: 'overall',
    section: 1,
    kind: 'rating',
    required: true,
    text: [
      'Overall, how would you rate it?',
      'Dans l’ensemble, quelle note donneriez-vous ?',
      'En general, ¿qué calificación le daría?',
    ],
  },
  recommend: {
    code: 'recommend',
    section: 1,
    kind: 'nps',
    required: true,
    text: [
      'How likely are you to recommend it to another At-Large member?',
      'Quelle est la probabilité que vous le recommandiez à un autre membre At-Large ?',
      '¿Qué probabilidad hay de que lo recomiende a otro miembro de At-Large?',
    ],
  },
  interpretation: {
    code: 'interpretation',
    section: 2,
    kind: 'single',
    text: ['How was the interpretation?', 'Comment était l’interprétation ?', '¿Cómo fue la interpretación?'],
    options: [
      ['excellent', 'Excellent', 'Excellente', 'Excelente'],
      ['good', 'Good', 'Bonne', 'Buena'],
      ['fair', 'Fair', 'Passable', 'Regular'],
      ['poor', 'Poor', 'Mauvaise', 'Mala'],
      ['unused', 'I did not use it', 'Je ne l’ai pas utilisée', 'No la utilicé'],
    ],
  },
  followed: {
    code: 'followed',
    section: 2,
    kind: 'single',
    required: true,
    text: [
      'In which language did you mostly follow?',
      'Dans quelle langue avez-vous surtout suivi ?',
      '¿En qué idioma siguió principalmente?',
    ],
    options: [
      ['en', 'English', 'Anglais', 'Inglés'],
      ['fr', 'French', 'Français', 'Francés'],
      ['es', 'Spanish', 'Espagnol', 'Español'],
    ],
  },
}

const SUMMIT_SURVEY: Def[] = [
  SHARED.overall,
  SHARED.recommend,
  {
    code: 'agree',
    section: 1,
    kind: 'likert',
    required: true,
    text: [
      'How far do you agree with each statement?',
      'Dans quelle mesure êtes-vous d’accord avec chaque affirmation ?',
      '¿En qué medida está de acuerdo con cada afirmación?',
    ],
    statements: [
      [
        'prepared',
        'The pre-summit webinars prepared me well',
        'Les webinaires préparatoires m’ont bien préparé',
        'Los seminarios web previos me prepararon bien',
      ],
      [
        'groupwork',
        'My thematic group worked well together',
        'Mon groupe thématique a bien travaillé ensemble',
        'Mi grupo temático trabajó bien en conjunto',
      ],
      [
        'voice',
        'I had enough time to speak',
        'J’ai eu assez de temps pour m’exprimer',
        'Tuve tiempo suficiente para hablar',
      ],
      [
        'logistics',
        'Travel and hotel arrangements worked',
        'Le voyage et l’hôtel se sont bien passés',
        'El viaje y el hotel funcionaron bien',
      ],
    ],
  },
  {
    code: 'group',
    section: 1,
    kind: 'single',
    required: true,
    text: [
      'Which thematic group were you in?',
      'Dans quel groupe thématique étiez-vous ?',
      '¿En qué grupo temático estuvo?',
    ],
    options: [
      [
        'tg1',
        'Future of Multi-Stakeholder Models',
        'L’avenir des modèles multipartites',
        'El futuro de los modelos de múltiples partes interesadas',
      ],
      ['tg2', 'The Globalization of ICANN', 'La mondialisation de l’ICANN', 'La globalización de la ICANN'],
      [
        'tg3',
        'Global Internet: The User Perspective',
        'L’Internet mondial : le point de vue des utilisateurs',
        'Internet global: la perspectiva del usuario',
      ],
      [
        'tg4',
        'ICANN Transparency and Accountability',
        'Transparence et responsabilité de l’ICANN',
        'Transparencia y rendición de cuentas de la ICANN',
      ],
      [
        'tg5',
        'At-Large Community Engagement in ICANN',
        'Engagement de la communauté At-Large dans l’ICANN',
        'Participación de la comunidad de At-Large en la ICANN',
      ],
    ],
  },
  {
    code: 'sessions',
    section: 2,
    kind: 'multiple',
    text: ['Which sessions did you attend?', 'À quelles séances avez-vous assisté ?', '¿A qué sesiones asistió?'],
    options: [
      ['opening', 'Opening plenary', 'Plénière d’ouverture', 'Plenaria de apertura'],
      ['groups', 'Thematic group sessions', 'Séances des groupes thématiques', 'Sesiones de los grupos temáticos'],
      ['reception', 'Reception', 'Réception', 'Recepción'],
      ['reports', 'Presentation of the reports', 'Présentation des rapports', 'Presentación de los informes'],
      ['closing', 'Closing plenary', 'Plénière de clôture', 'Plenaria de clausura'],
    ],
  },
  SHARED.followed,
  SHARED.interpretation,
  {
    code: 'first',
    section: 2,
    kind: 'single',
    required: true,
    text: [
      'Was this your first ICANN meeting?',
      'Était-ce votre première réunion de l’ICANN ?',
      '¿Fue su primera reunión de la ICANN?',
    ],
    options: [
      ['yes', 'Yes', 'Oui', 'Sí'],
      ['no', 'No', 'Non', 'No'],
    ],
  },
  {
    code: 'webinars',
    section: 2,
    kind: 'number',
    min: 0,
    max: 6,
    text: [
      'How many of the six pre-summit webinars did you attend?',
      'À combien des six webinaires préparatoires avez-vous assisté ?',
      '¿A cuántos de los seis seminarios web previos asistió?',
    ],
  },
  {
    code: 'mentor',
    section: 3,
    kind: 'single',
    showIf: ['first', 'yes'],
    text: [
      'Would a mentor have helped you at your first meeting?',
      'Un mentor vous aurait-il aidé lors de votre première réunion ?',
      '¿Le habría ayudado un mentor en su primera reunión?',
    ],
    options: [
      ['yes', 'Yes', 'Oui', 'Sí'],
      ['no', 'No', 'Non', 'No'],
      ['unsure', 'Not sure', 'Je ne sais pas', 'No estoy seguro'],
    ],
  },
  {
    code: 'best',
    section: 3,
    kind: 'long_text',
    text: ['What worked best?', 'Qu’est-ce qui a le mieux fonctionné ?', '¿Qué funcionó mejor?'],
  },
  {
    code: 'change',
    section: 3,
    kind: 'long_text',
    text: [
      'What should change for the next summit?',
      'Que faudrait-il changer pour le prochain sommet ?',
      '¿Qué debería cambiar para la próxima cumbre?',
    ],
  },
  {
    code: 'word',
    section: 3,
    kind: 'short_text',
    text: ['One word for the summit', 'Un mot pour résumer le sommet', 'Una palabra para la cumbre'],
  },
]

const WEBINAR_SURVEY: Def[] = [
  SHARED.overall,
  SHARED.recommend,
  { ...SHARED.followed, section: 1 },
  { ...SHARED.interpretation, section: 1 },
  {
    code: 'topics',
    section: 2,
    kind: 'multiple',
    text: [
      'Which topics should the next webinars cover?',
      'Quels sujets les prochains webinaires devraient-ils traiter ?',
      '¿Qué temas deberían tratar los próximos seminarios web?',
    ],
    options: [
      ['dns-abuse', 'DNS abuse', 'Abus du DNS', 'Uso indebido del DNS'],
      ['whois', 'Registration data (WHOIS)', 'Données d’enregistrement (WHOIS)', 'Datos de registro (WHOIS)'],
      [
        'idn',
        'Internationalised domain names',
        'Noms de domaine internationalisés',
        'Nombres de dominio internacionalizados',
      ],
      ['pdp', 'How policy is made', 'Comment se fait la politique', 'Cómo se elaboran las políticas'],
    ],
  },
  {
    code: 'suggestion',
    section: 2,
    kind: 'long_text',
    text: ['Anything else we should know?', 'Autre chose à nous dire ?', '¿Algo más que debamos saber?'],
  },
]

const SECTIONS: Record<string, L3[]> = {
  summit: [
    ['The summit', 'Le sommet', 'La cumbre'],
    ['Taking part', 'Votre participation', 'Su participación'],
    ['Your comments', 'Vos commentaires', 'Sus comentarios'],
  ],
  webinars: [
    ['The webinars', 'Les webinaires', 'Los seminarios web'],
    ['What next', 'Pour la suite', 'Lo que sigue'],
  ],
}

/** Free-text answers in each language, picked by the respondent's language. */
const TEXTS: Record<string, Record<s.Language, string[]>> = {
  best: {
    en: [
      'Meeting people from every region face to face.',
      'The thematic groups: real drafting, not just talk.',
      'Interpreters were excellent in the plenaries.',
      'The webinars beforehand meant we arrived ready.',
      'Staff support with visas and travel.',
    ],
    fr: [
      'Rencontrer en personne des gens de toutes les régions.',
      'Les groupes thématiques : une vraie rédaction, pas seulement des discussions.',
      'Les interprètes étaient excellents en plénière.',
      'Les webinaires préparatoires nous ont permis d’arriver prêts.',
      'L’aide du personnel pour les visas et le voyage.',
    ],
    es: [
      'Conocer en persona a gente de todas las regiones.',
      'Los grupos temáticos: redacción de verdad, no solo conversación.',
      'Los intérpretes fueron excelentes en las plenarias.',
      'Los seminarios previos hicieron que llegáramos preparados.',
      'El apoyo del personal con visados y viajes.',
    ],
  },
  change: {
    en: [
      'More time in the thematic groups, fewer speeches.',
      'Interpretation in the working-group rooms too.',
      'Send the documents earlier so we can read them.',
      'A mentor for first-time participants.',
      'Shorter days; jet lag is real.',
    ],
    fr: [
      'Plus de temps dans les groupes thématiques, moins de discours.',
      'De l’interprétation aussi dans les salles des groupes de travail.',
      'Envoyer les documents plus tôt pour que nous puissions les lire.',
      'Un mentor pour ceux qui participent pour la première fois.',
      'Des journées plus courtes ; le décalage horaire est réel.',
    ],
    es: [
      'Más tiempo en los grupos temáticos y menos discursos.',
      'Interpretación también en las salas de los grupos de trabajo.',
      'Enviar los documentos antes para poder leerlos.',
      'Un mentor para quienes participan por primera vez.',
      'Jornadas más cortas; el desfase horario es real.',
    ],
  },
  word: {
    en: ['Inspiring', 'Intense', 'Useful', 'Together'],
    fr: ['Inspirant', 'Intense', 'Utile', 'Ensemble'],
    es: ['Inspirador', 'Intenso', 'Útil', 'Juntos'],
  },
  suggestion: {
    en: [
      'Please repeat the sessions at a time that suits Asia-Pacific.',
      'Recordings with captions would help.',
      'More time for questions.',
    ],
    fr: [
      'Merci de répéter les séances à une heure adaptée à l’Asie-Pacifique.',
      'Des enregistrements sous-titrés aideraient.',
      'Plus de temps pour les questions.',
    ],
    es: [
      'Repitan las sesiones en un horario adecuado para Asia-Pacífico.',
      'Las grabaciones con subtítulos ayudarían.',
      'Más tiempo para preguntas.',
    ],
  },
}

function weighted(rnd: Rnd, weights: number[]): number {
  const total = weights.reduce((a, b) => a + b, 0)
  let r = rnd.next() * total
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]
    if (r < 0) return i
  }
  return weights.length - 1
}

function createSurvey(tx: Tx, values: typeof s.surveys.$inferInsert, defs: Def[], sections: L3[]) {
  const surveyId = tx.insert(s.surveys).values(values).returning({ id: s.surveys.id }).get().id
  const sectionIds = sections.map(
    (title, i) =>
      tx
        .insert(s.surveySections)
        .values({ surveyId, position: i + 1, title: lt(title) })
        .returning({ id: s.surveySections.id })
        .get().id,
  )
  const ids = new Map<string, number>()
  defs.forEach((d, i) => {
    const id = tx
      .insert(s.surveyQuestions)
      .values({
        surveyId,
        sectionId: sectionIds[d.section - 1],
        code: d.code,
        position: i + 1,
        kind: d.kind,
        required: Boolean(d.required),
        text: lt(d.text),
        options:
          d.kind === 'likert'
            ? AGREEMENT
            : d.options
              ? d.options.map(([value, ...l]) => ({ value, label: lt(l as L3) }))
              : null,
        statements: d.statements ? d.statements.map(([value, ...l]) => ({ value, label: lt(l as L3) })) : null,
        showIfQuestionId: d.showIf ? ids.get(d.showIf[0])! : null,
        showIfValue: d.showIf ? d.showIf[1] : null,
        minValue: d.min ?? null,
        maxValue: d.max ?? null,
      })
      .returning({ id: s.surveyQuestions.id })
      .get().id
    ids.set(d.code, id)
  })
  return { surveyId, ids }
}

const AGREEMENT: s.QuestionOption[] = [
  { value: 'sd', label: { en: 'Strongly disagree', fr: 'Pas du tout d’accord', es: 'Totalmente en desacuerdo' } },
  { value: 'd', label: { en: 'Disagree', fr: 'Pas d’accord', es: 'En desacuerdo' } },
  {
    value: 'n',
    label: {
      en: 'Neither agree nor disagree',
      fr: 'Ni d’accord ni pas d’accord',
      es: 'Ni de acuerdo ni en desacuerdo',
    },
  },
  { value: 'a', label: { en: 'Agree', fr: 'D’accord', es: 'De acuerdo' } },
  { value: 'sa', label: { en: 'Strongly agree', fr: 'Tout à fait d’accord', es: 'Totalmente de acuerdo' } },
]

/** One respondent's answers, varied by region and language so cross-tabs show something. */
function answersFor(
  rnd: Rnd,
  p: P,
  defs: Def[],
  groupIndex: number,
): { code: string; item: string; value: string; numeric: number | null }[] {
  const out: { code: string; item: string; value: string; numeric: number | null }[] = []
  const nonEnglish = p.language !== 'en'
  const distant = p.region === 'APRALO' || p.region === 'AFRALO'
  let first = false
  for (const d of defs) {
    if (d.showIf && !(d.showIf[0] === 'first' && first)) continue
    if (!d.required && rnd.chance(0.12)) continue
    switch (d.code) {
      case 'overall': {
        const v = 1 + weighted(rnd, distant ? [2, 5, 18, 42, 33] : [1, 3, 12, 44, 40])
        out.push({ code: d.code, item: '', value: String(v), numeric: v })
        break
      }
      case 'recommend': {
        const v = weighted(rnd, [1, 0, 1, 1, 2, 3, 5, 10, 18, 25, 24])
        out.push({ code: d.code, item: '', value: String(v), numeric: v })
        break
      }
      case 'agree':
        for (const [st] of d.statements!) {
          const weights =
            st === 'voice' && nonEnglish
              ? [6, 16, 26, 34, 18]
              : st === 'logistics' && distant
                ? [5, 12, 20, 38, 25]
                : [2, 6, 14, 44, 34]
          const i = weighted(rnd, weights)
          out.push({ code: d.code, item: st, value: AGREEMENT[i].value, numeric: i + 1 })
        }
        break
      case 'group':
        out.push({ code: d.code, item: '', value: `tg${(groupIndex % 5) + 1}`, numeric: null })
        break
      case 'sessions':
        for (const [value, chance] of [
          ['opening', 0.95],
          ['groups', 0.9],
          ['reception', 0.7],
          ['reports', 0.8],
          ['closing', 0.75],
        ] as const) {
          if (rnd.chance(chance)) out.push({ code: d.code, item: value, value, numeric: null })
        }
        break
      case 'followed':
        out.push({ code: d.code, item: '', value: rnd.chance(0.85) ? p.language : 'en', numeric: null })
        break
      case 'interpretation': {
        const options = ['excellent', 'good', 'fair', 'poor', 'unused']
        out.push({
          code: d.code,
          item: '',
          value: options[weighted(rnd, nonEnglish ? [30, 40, 18, 8, 4] : [10, 14, 4, 2, 70])],
          numeric: null,
        })
        break
      }
      case 'first':
        first = rnd.chance(0.45)
        out.push({ code: d.code, item: '', value: first ? 'yes' : 'no', numeric: null })
        break
      case 'webinars': {
        const v = weighted(rnd, [8, 6, 10, 14, 18, 20, 24])
        out.push({ code: d.code, item: '', value: String(v), numeric: v })
        break
      }
      case 'mentor':
        out.push({ code: d.code, item: '', value: ['yes', 'no', 'unsure'][weighted(rnd, [62, 14, 24])], numeric: null })
        break
      case 'topics':
        for (const [value, chance] of [
          ['dns-abuse', 0.6],
          ['whois', 0.45],
          ['idn', p.language === 'en' ? 0.2 : 0.5],
          ['pdp', 0.4],
        ] as const) {
          if (rnd.chance(chance)) out.push({ code: d.code, item: value, value, numeric: null })
        }
        break
      default: {
        const pool = TEXTS[d.code]?.[p.language]
        if (pool && rnd.chance(d.code === 'word' ? 0.7 : 0.55))
          out.push({ code: d.code, item: '', value: rnd.pick(pool), numeric: null })
      }
    }
  }
  return out
}

function respond(
  tx: Tx,
  survey: { id: number; anonymous: boolean; ids: Map<string, number> },
  p: P,
  answers: ReturnType<typeof answersFor>,
  at: Date,
  completed: boolean,
  invitationId: number | null,
) {
  const responseId = tx
    .insert(s.surveyResponses)
    .values({
      surveyId: survey.id,
      // An anonymous response forgets its invitation and person once submitted.
      invitationId: completed && survey.anonymous ? null : invitationId,
      personId: survey.anonymous ? null : p.id,
      regionCode: p.region,
      language: p.language,
      memberType: p.memberType,
      status: completed ? 'completed' : 'in_progress',
      // An anonymous response keeps only days, as the app writes them.
      startedAt: survey.anonymous ? dayOf(at) : new Date(at.getTime() - 15 * 60_000),
      completedAt: completed ? (survey.anonymous ? dayOf(at) : at) : null,
    })
    .returning({ id: s.surveyResponses.id })
    .get().id
  for (const a of completed ? answers : answers.slice(0, 4)) {
    tx.insert(s.surveyAnswers)
      .values({
        responseId,
        questionId: survey.ids.get(a.code)!,
        item: a.item,
        value: a.value,
        numericValue: a.numeric,
        surveyId: survey.id,
        completed,
        regionCode: p.region,
        language: p.language,
        memberType: p.memberType,
      })
      .run()
  }
}

export function seedSurveys(
  tx: Tx,
  {
    summitId,
    participants,
    everyone,
    staffId,
    now,
    rnd,
  }: { summitId: number; participants: P[]; everyone: P[]; staffId: number; now: Date; rnd: Rnd },
) {
  // The post-summit survey, anonymous and by invitation; it closed in July 2014.
  const opens = new Date('2014-06-27T09:00:00Z')
  const summitSurvey = createSurvey(
    tx,
    {
      slug: 'atlas-ii-post-summit-survey',
      eventId: summitId,
      title: lt([
        'ATLAS II: post-summit survey',
        'ATLAS II : questionnaire après le sommet',
        'ATLAS II: encuesta posterior a la cumbre',
      ]),
      intro: lt([
        'Thank you for taking part in ATLAS II. Your answers shape the next summit and the capacity-building programme.',
        'Merci d’avoir participé à ATLAS II. Vos réponses orienteront le prochain sommet et le programme de renforcement des capacités.',
        'Gracias por participar en ATLAS II. Sus respuestas darán forma a la próxima cumbre y al programa de fortalecimiento de capacidades.',
      ]),
      mode: 'invitation',
      anonymous: true,
      opensAt: opens,
      closesAt: new Date('2014-07-31T23:59:00Z'),
      reminderRounds: 1,
      createdById: staffId,
    },
    SUMMIT_SURVEY,
    SECTIONS.summit,
  )
  const answered: P[] = []
  participants.forEach((p, i) => {
    const invitationId = tx
      .insert(s.surveyInvitations)
      .values({
        surveyId: summitSurvey.surveyId,
        personId: p.id,
        tokenHash: `seed:${summitSurvey.surveyId}:${p.id}`,
        sentAt: opens,
        reminderRound: 1,
      })
      .returning({ id: s.surveyInvitations.id })
      .get().id
    // The same link the invitation mail carried (derived from the install's secret), so a reminder works.
    tx.update(s.surveyInvitations)
      .set({ tokenHash: tokenHash(invitationToken(invitationId)) })
      .where(eq(s.surveyInvitations.id, invitationId))
      .run()
    const roll = rnd.next()
    if (roll > 0.93) return // never opened the link
    const completed = roll < 0.86
    const at = new Date(opens.getTime() + Math.floor(rnd.next() * 30) * 86400_000 + Math.floor(rnd.next() * 86400_000))
    respond(
      tx,
      { id: summitSurvey.surveyId, anonymous: true, ids: summitSurvey.ids },
      p,
      answersFor(rnd, p, SUMMIT_SURVEY, i),
      at,
      completed,
      invitationId,
    )
    if (completed) {
      tx.update(s.surveyInvitations).set({ completed: true }).where(eq(s.surveyInvitations.id, invitationId)).run()
      answered.push(p)
    }
  })
  // As the worker writes them for an anonymous survey: shuffled, all on the closing day.
  const closingDay = new Date('2014-07-31T00:00:00Z')
  for (const p of shuffled(answered)) {
    tx.insert(s.participationRecords)
      .values({
        personId: p.id,
        kind: 'survey_completed',
        sourceType: 'survey',
        sourceId: summitSurvey.surveyId,
        occurredAt: closingDay,
        regionCode: p.region,
        structureId: p.structureId ?? null,
      })
      .run()
  }

  // The webinar feedback survey: open link, named, open now for a month.
  const webinarSurvey = createSurvey(
    tx,
    {
      slug: 'capacity-building-webinars-feedback',
      title: lt([
        'Capacity-building webinars: your feedback',
        'Webinaires de renforcement des capacités : votre avis',
        'Seminarios web de fortalecimiento de capacidades: su opinión',
      ]),
      intro: lt([
        'Five minutes to tell us what to keep and what to change in the webinar programme.',
        'Cinq minutes pour nous dire ce qu’il faut garder et changer dans le programme de webinaires.',
        'Cinco minutos para decirnos qué mantener y qué cambiar en el programa de seminarios web.',
      ]),
      mode: 'open',
      anonymous: false,
      opensAt: new Date(now.getTime() - 14 * 86400_000),
      closesAt: new Date(now.getTime() + 30 * 86400_000),
      createdById: staffId,
    },
    WEBINAR_SURVEY,
    SECTIONS.webinars,
  )
  // The demo accounts are left out so they can answer themselves.
  everyone
    .slice(1)
    .filter((_, i) => i % 2 === 0)
    .forEach((p, i) => {
      const at = new Date(now.getTime() - (1 + Math.floor(rnd.next() * 13)) * 86400_000)
      const completed = rnd.chance(0.92)
      respond(
        tx,
        { id: webinarSurvey.surveyId, anonymous: false, ids: webinarSurvey.ids },
        p,
        answersFor(rnd, p, WEBINAR_SURVEY, i),
        at,
        completed,
        null,
      )
      if (completed)
        tx.insert(s.participationRecords)
          .values({
            personId: p.id,
            kind: 'survey_completed',
            sourceType: 'survey',
            sourceId: webinarSurvey.surveyId,
            occurredAt: at,
            regionCode: p.region,
            structureId: p.structureId ?? null,
          })
          .run()
    })
  return [summitSurvey.surveyId, webinarSurvey.surveyId]
}
