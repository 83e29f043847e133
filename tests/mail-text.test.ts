/**
 * Every mail template, rendered for real in each language: its plain-text part (derived
 * from the HTML) carries every link of the HTML, the facts the reader needs, and no markup.
 * The templates are found by listing `emails/`, so a new one fails here until it has a case.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import type { Language } from '#db/domain'
import type { RenderedMail } from '#emails/render'
import { fixedT } from '~/i18n.server'
import { formatDate, formatDateTime, formatRange } from '~/lib/format'

const LANGUAGES: Language[] = ['en', 'fr', 'es']
const BASE = 'https://atlarge.example.org'
const EMAILS = path.resolve(__dirname, '../emails')

/** Exports of `emails/` that build parts of mails, not whole mails. */
const NOT_MAILS = new Set(['mailDocument', 'renderMail', 'renderStepMail', 'renderContent', 'mailText'])

type Render = (...args: never[]) => RenderedMail
type Case = {
  /** A name for the failure message. */
  name: string
  mail: RenderedMail
  /** What the reader must find in the text: names, titles, dates, links. */
  facts: string[]
  /** What the HTML holds that the text must not (hidden preheader). */
  absent?: string[]
}

const start = new Date('2027-03-15T14:00:00Z')
const end = new Date('2027-03-15T15:30:00Z')
const zone = 'America/Argentina/Buenos_Aires'
const name = 'Aïcha Diallo'
const title = 'DNS Abuse & Universal Acceptance'

const greet = (language: Language) => fixedT(language, 'emails')('greeting', { name })

/** Realistic data for every exported template, per language. */
const cases: Record<string, (language: Language) => Case[]> = {
  renderAccountMail: (language) => {
    const render = (data: Parameters<typeof import('#emails/account').renderAccountMail>[1]) => data
    const link = `${BASE}/signup/tok_3Fq9-x&lang=${language}`
    return [
      render({ kind: 'signupLink', link, validHours: 48 }),
      render({ kind: 'invitation', name, link, validHours: 72 }),
      render({
        kind: 'accountExists',
        name,
        signInLink: `${BASE}/login`,
        resetLink: `${BASE}/forgot-password`,
      }),
      render({ kind: 'signInLink', name, link: `${BASE}/login/link/abc123`, validMinutes: 15 }),
    ].map((data) => ({
      name: `account ${data.kind}`,
      mail: mod('account').renderAccountMail(language, data),
      facts: 'link' in data ? [data.link] : [greet(language), data.signInLink, data.resetLink],
    }))
  },
  renderAccreditationMail: (language) =>
    (['applied', 'rejected', 'review_opened'] as const).map((step) => ({
      name: `accreditation ${step}`,
      mail: mod('accreditation').renderAccreditationMail(step, language, {
        name,
        structure: 'ISOC Côte d’Ivoire',
        note: step === 'rejected' ? 'Membership is not open to individuals.' : null,
        pageUrl: `${BASE}/structures/mine`,
      }),
      facts: [
        greet(language),
        'ISOC Côte d’Ivoire',
        `${BASE}/structures/mine`,
        ...(step === 'rejected' ? ['Membership is not open to individuals.'] : []),
      ],
    })),
  renderAffiliationRequestMail: (language) => [
    {
      name: 'affiliation request',
      mail: mod('affiliation').renderAffiliationRequestMail(language, {
        name,
        person: 'José Pérez',
        email: 'jose.perez@example.net',
        structure: 'Internet Society Argentina',
        url: `${BASE}/structures/affiliation/ab12cd34`,
        days: 14,
      }),
      facts: [greet(language), 'José Pérez', 'jose.perez@example.net', `${BASE}/structures/affiliation/ab12cd34`],
    },
  ],
  renderAffiliationOutcomeMail: (language) =>
    (['confirmed', 'declined'] as const).map((kind) => ({
      name: `affiliation ${kind}`,
      mail: mod('affiliation').renderAffiliationOutcomeMail(kind, language, {
        name,
        structure: 'Internet Society Argentina',
        note: kind === 'declined' ? 'We do not know you yet.' : null,
        pageUrl: `${BASE}/profile`,
      }),
      facts: [
        greet(language),
        'Internet Society Argentina',
        `${BASE}/profile`,
        ...(kind === 'declined' ? ['We do not know you yet.'] : []),
      ],
    })),
  renderMembershipMail: (language) =>
    (['received', 'approved', 'declined'] as const).map((kind) => ({
      name: `membership ${kind}`,
      mail: mod('membership').renderMembershipMail(kind, language, {
        name,
        region: 'AFRALO',
        note: kind === 'declined' ? 'Do you live in Africa?' : null,
        pageUrl: `${BASE}/membership`,
      }),
      facts: [greet(language), 'AFRALO', `${BASE}/membership`],
    })),
  renderDigest: (language) => {
    const items = [
      {
        subject: 'At-Large news — March',
        summary: 'ALAC advice on DNS abuse & the new gTLD round.',
        url: `${BASE}/newsletter/march-2027/${language}`,
        sentOn: formatDate(start, language, zone),
      },
      {
        subject: 'Capacity building: IDNs',
        summary: '',
        url: `${BASE}/newsletter/idns/${language}`,
        sentOn: formatDate(end, language, zone),
      },
    ]
    return [
      {
        name: 'digest',
        mail: mod('newsletter-digest').renderDigest(language, {
          name,
          month: 'March 2027',
          items,
          preferencesUrl: `${BASE}/newsletter/preferences/tok42`,
        }),
        facts: [greet(language), ...items.flatMap((i) => [i.subject, i.url, i.sentOn]), items[0].summary],
      },
    ]
  },
  renderNewsletterMail: (language) => {
    const when = formatRange(start, end, language, zone)
    const chosen = {
      version: {
        language,
        subject: `At-Large news (${language})`,
        preheader: 'Secret preheader teaser',
        bodyMarkdown: [
          '# Policy & outreach',
          '',
          'Read the [ALAC statement](https://atlarge.icann.org/advice_statements/14023?x=1&y=2) before the call.',
          '',
          '- First item, with **bold** text',
          '- Second item: write to [staff](mailto:staff@atlarge.example.org)',
          '',
          '![Photo of the Kigali summit](https://cdn.example.org/kigali.jpg)',
          '![](https://track.example.net/open.gif?u=42)',
          '',
          '{{upcoming-webinars}}',
          '',
          '{{recent-recordings}}',
        ].join('\n'),
        complete: true,
      },
      fallback: false,
    }
    const mail = mod('newsletter').renderNewsletterMail({
      chosen,
      reader: { language, timeZone: zone },
      blocks: {
        upcoming: [
          {
            id: 7,
            slug: 'dns-abuse',
            titles: {
              en: title,
              fr: 'Abus du DNS & acceptation universelle',
              es: 'Abuso del DNS y aceptación universal',
            },
            startsAt: start,
            endsAt: end,
            platformName: 'Zoom',
            platformUrl: 'https://zoom.example.com/j/123',
            channels: [{ language, conferenceId: '1638', dialInNumbers: '+1 555 0100' }],
          },
        ],
        recordings: [
          {
            id: 5,
            slug: 'whois',
            titles: { en: 'WHOIS after GDPR' },
            startsAt: start,
            recordings: [{ language: 'en', title: 'Recording', url: 'https://media.example.org/whois.mp4' }],
          },
        ],
      },
      links: {
        unsubscribeUrl: `${BASE}/newsletter/unsubscribe/tok42`,
        archiveUrl: `${BASE}/newsletter/march/${language}`,
      },
      baseUrl: BASE,
    })
    return [
      {
        name: 'newsletter',
        mail,
        facts: [
          'Policy & outreach',
          'First item, with bold text',
          'Photo of the Kigali summit',
          when,
          '1638',
          '+1 555 0100',
          `${BASE}/webinars/dns-abuse`,
          `${BASE}/newsletter/unsubscribe/tok42`,
          `${BASE}/newsletter/march/${language}`,
          'https://media.example.org/whois.mp4',
        ],
        absent: ['Secret preheader teaser', 'kigali.jpg', 'track.example.net'],
      },
    ]
  },
  renderPasswordReset: (language) => [
    {
      name: 'password reset',
      mail: mod('password-reset').renderPasswordReset(language, {
        name,
        link: `${BASE}/reset-password/r3s3t`,
        validMinutes: 30,
      }),
      facts: [greet(language), `${BASE}/reset-password/r3s3t`],
    },
  ],
  renderPrepPack: (language) =>
    [false, true].map((update) => ({
      name: update ? 'prep pack update' : 'prep pack',
      mail: mod('prep-pack').renderPrepPack(language, {
        name,
        title,
        when: formatRange(start, end, language, zone),
        booths: ['fr', 'es'],
        link: `${BASE}/interpreting/7`,
        changes: update ? { added: ['Slides v2'], removed: ['Slides v1'], other: ['agenda'] } : null,
        pack: {
          contents: {
            materials: [
              { id: 1, kind: 'slides', language: 'en', title: 'Slides v2', url: `${BASE}/files/slides-v2.pdf` },
            ],
            speakers: ['Dev Anand'],
            terms: ['SSAC'],
            agenda: 'x',
          },
          fingerprint: 'f',
          title: { en: title },
          agenda: {
            en: '1. Welcome\n2. DNS abuse trends',
            fr: '1. Accueil\n2. Tendances',
            es: '1. Bienvenida\n2. Tendencias',
          },
          speakers: [{ name: 'Dev Anand', role: { en: 'SSAC member', fr: 'Membre du SSAC', es: 'Miembro del SSAC' } }],
          terms: [
            {
              term: 'SSAC',
              expansion: {
                en: 'Security and Stability Advisory Committee',
                fr: 'Comité consultatif sur la sécurité et la stabilité',
                es: 'Comité Asesor de Seguridad y Estabilidad',
              },
              definition: { en: '' },
            },
          ],
        },
      }),
      facts: [greet(language), title, formatRange(start, end, language, zone), 'Dev Anand', 'SSAC', 'Slides v2'],
    })),
  renderSlidesReminder: (language) => [
    {
      name: 'slides reminder',
      mail: mod('prep-pack').renderSlidesReminder(language, {
        name,
        title,
        before: formatDateTime(start, language, zone),
        link: `${BASE}/webinars/dns-abuse/slides`,
      }),
      facts: [greet(language), title, formatDateTime(start, language, zone), `${BASE}/webinars/dns-abuse/slides`],
    },
  ],
  renderChannelCancelled: (language) => [
    {
      name: 'channel cancelled',
      mail: mod('prep-pack').renderChannelCancelled(language, {
        name,
        title,
        when: formatRange(start, end, language, zone),
        channel: 'es',
        alternatives: [{ language: 'en', conferenceId: '1638' }],
        note: 'Too few registrants asked for Spanish.',
        link: `${BASE}/webinars/upcoming`,
      }),
      facts: [greet(language), title, '1638', 'Too few registrants asked for Spanish.', `${BASE}/webinars/upcoming`],
    },
  ],
  renderRegistrationMail: (language) =>
    (
      [
        'confirmed',
        'waitlisted',
        'promoted',
        'cancelled',
        'updated',
        'eventCancelled',
        'reminder',
        'notice',
        'removed',
      ] as const
    ).map((kind) => {
      const when = formatRange(start, end, language, zone)
      const meeting = kind === 'notice' || kind === 'removed'
      const access = !['cancelled', 'eventCancelled', 'waitlisted', 'removed'].includes(kind)
      return {
        name: `registration ${kind}`,
        mail: mod('registration').renderRegistrationMail(kind, language, {
          name,
          title,
          when,
          previousWhen: kind === 'updated' ? formatRange(end, end, language, zone) : null,
          platformName: 'Zoom',
          platformUrl: 'https://zoom.example.com/j/123?pwd=a&b',
          channel: { language, conferenceId: '1638', dialInNumbers: '+1 555 0100' },
          dialOutNumber: null,
          pageUrl: `${BASE}/webinars/dns-abuse`,
          meeting,
          agenda: '1. Welcome\n2. Any other business',
        }),
        facts: [
          greet(language),
          title,
          `${BASE}/webinars/dns-abuse`,
          fixedT(language, 'emails')('labelValue', {
            label: fixedT(language, 'emails')('registration.when'),
            value: when,
          }),
          ...(access ? ['1638', 'https://zoom.example.com/j/123?pwd=a&b'] : []),
          ...(kind === 'notice' ? ['1. Welcome\n2. Any other business'] : []),
        ],
      }
    }),
  renderCallForVolunteers: (language) => [
    {
      name: 'call for volunteers',
      mail: mod('statement').renderCallForVolunteers(language, {
        name,
        title: 'Comment on the Registration Data Policy',
        summary: 'ICANN asks for comments.\nDrafters meet weekly.',
        fallback: language !== 'en',
        deadline: formatDate(end, language, zone),
        commentUrl: 'https://www.icann.org/public-comments/rdp-2027',
        link: `${BASE}/statements/12/volunteer?t=xyz`,
      }),
      facts: [
        greet(language),
        'Comment on the Registration Data Policy',
        'ICANN asks for comments.\nDrafters meet weekly.',
        formatDate(end, language, zone),
        'https://www.icann.org/public-comments/rdp-2027',
        `${BASE}/statements/12/volunteer?t=xyz`,
      ],
    },
  ],
  renderSummitMail: (language) =>
    (['nominated', 'confirmed', 'funding'] as const).map((kind) => ({
      name: `summit ${kind}`,
      mail: mod('summit').renderSummitMail(kind, language, {
        name,
        title: 'ATLAS IV',
        funding: 'not_funded',
        reason: kind === 'funding' ? 'The budget is spent.' : null,
        pageUrl: `${BASE}/summits/atlas-iv`,
      }),
      facts: [greet(language), 'ATLAS IV', `${BASE}/summits/atlas-iv`],
    })),
  renderTravelReminder: (language) => [
    {
      name: 'travel reminder',
      mail: mod('summit').renderTravelReminder(language, {
        name,
        title: 'ATLAS IV',
        missing: ['arrival', 'emergencyContact'],
        pageUrl: `${BASE}/summits/atlas-iv/travel`,
      }),
      facts: [
        greet(language),
        'ATLAS IV',
        fixedT(language, 'emails')('summit.travel.items.arrival'),
        fixedT(language, 'emails')('summit.travel.items.emergencyContact'),
        `${BASE}/summits/atlas-iv/travel`,
      ],
    },
  ],
  renderSurveyMail: (language) =>
    (['invitation', 'reminder'] as const).map((kind) => ({
      name: `survey ${kind}`,
      mail: mod('survey').renderSurveyMail(kind, language, {
        name,
        title: 'ATLAS IV feedback',
        url: `${BASE}/s/ab12?token=x&y=1`,
        closesAt: end,
        timeZone: zone,
        anonymous: kind === 'invitation',
      }),
      facts: [greet(language), 'ATLAS IV feedback', formatDateTime(end, language, zone), `${BASE}/s/ab12?token=x&y=1`],
    })),
  renderWelcome: (language) => [
    {
      name: 'welcome',
      mail: mod('welcome').renderWelcome(language, { name, link: `${BASE}/profile` }),
      facts: [greet(language), `${BASE}/profile`],
    },
  ],
  renderActionReminder: (language) => [
    {
      name: 'action reminder',
      mail: mod('working-group').renderActionReminder(language, {
        name,
        group: 'Outreach & Engagement',
        text: 'Send the draft to the RALO chairs',
        due: formatDate(end, language, zone),
        link: `${BASE}/working-groups/outreach`,
      }),
      facts: [
        greet(language),
        'Outreach & Engagement',
        'Send the draft to the RALO chairs',
        formatDate(end, language, zone),
        `${BASE}/working-groups/outreach`,
      ],
    },
  ],
}

const files = readdirSync(EMAILS).filter((f) => f.endsWith('.tsx'))
const modules: Record<string, Record<string, unknown>> = Object.fromEntries(
  await Promise.all(
    files.map(async (f) => [f.replace(/\.tsx$/, ''), (await import(path.join(EMAILS, f))) as Record<string, unknown>]),
  ),
)
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases pass each template its own data
const mod = (file: string) => modules[file] as Record<string, any>
const templates = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter(([key, value]) => typeof value === 'function' && /^render/.test(key) && !NOT_MAILS.has(key))
    .map(([key]) => ({ file, key, render: exports[key] as Render })),
)

/** The addresses the HTML links to, as a reader would type them (entities decoded). */
const hrefs = (html: string) =>
  [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)]
    .map((m) =>
      m[1]
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&#x27;/g, "'"),
    )
    .filter((href) => !href.startsWith('#'))
    .map((href) => href.replace(/^mailto:/, ''))

describe('the text part of every mail', () => {
  it('finds the templates in emails/ and has realistic data for each', () => {
    expect(templates.length).toBeGreaterThanOrEqual(18)
    expect(templates.map((t) => t.key).filter((key) => !cases[key])).toEqual([])
  })

  if (process.env.PRINT_MAIL_TEXT)
    it('prints', () => {
      for (const { key } of templates) for (const c of cases[key]('fr')) console.log(`=== ${c.name}\n${c.mail.text}`)
    })

  for (const language of LANGUAGES) {
    it(`carries the links, the facts and no markup, in ${language}`, () => {
      for (const { key } of templates) {
        for (const c of cases[key](language)) {
          const { html, text } = c.mail
          const where = `${c.name} (${language})`
          expect(html, where).toContain(`<html lang="${language}"`)
          expect(text.trim().length, where).toBeGreaterThan(40)
          const links = hrefs(html)
          expect(links.length, where).toBeGreaterThan(0)
          for (const href of links) expect(text, `${where}: link ${href}`).toContain(href)
          // French puts an unbreakable space before a colon; a fact is the same words whatever the space.
          for (const fact of c.facts) expect(text.replace(/\u00a0/g, ' '), `${where}: ${fact}`).toContain(fact)
          for (const hidden of c.absent ?? []) expect(text, where).not.toContain(hidden)
          expect(text, where).not.toMatch(/<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>/i)
          expect(text, where).not.toMatch(/&(#\d+|#x[0-9a-f]+|[a-z]+);/i)
          expect(text, where).not.toMatch(/\n{3,}/)
          // The footer, set off as a signature.
          expect(text, where).toMatch(/\n--\n.+/)
        }
      }
    })
  }

  it('reads as a letter: the greeting first, links beside their words, lists and headings on their own lines', () => {
    const [reset] = cases.renderPasswordReset('fr')
    expect(reset.mail.text.startsWith(`${greet('fr')}\n\n`)).toBe(true)
    const button = fixedT('fr', 'emails')('passwordReset.button')
    expect(reset.mail.text).toContain(`${button} ${BASE}/reset-password/r3s3t\n`)

    const [newsletter] = cases.renderNewsletterMail('en')
    expect(newsletter.mail.text).toMatch(/^Policy & outreach$/m)
    expect(newsletter.mail.text).toMatch(/^ - First item, with bold text$/m)
    expect(newsletter.mail.text).toContain(
      'ALAC statement https://atlarge.icann.org/advice_statements/14023?x=1&y=2 before the call.',
    )

    const [confirmed] = cases.renderRegistrationMail('fr')
    expect(confirmed.mail.text).toMatch(/^Quand\u00a0: .+$/m)
  })
})
