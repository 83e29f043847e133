import type { Language } from '#db/domain'
import { fixedT } from '~/i18n.server'

import { buttonStyle, renderMail, renderStepMail } from './render'

export type SummitMailKind = 'nominated' | 'confirmed' | 'declined' | 'withdrawn' | 'funding'

/** A participant's status or funding changed: what it means and the next step, in their language. */
export function renderSummitMail(
  kind: SummitMailKind,
  language: Language,
  d: { name: string; title: string; funding: string; reason: string | null; pageUrl: string },
) {
  const t = fixedT(language, 'emails')
  const subject = t(`summit.${kind}.subject`, { title: d.title })
  const greeting = t('greeting', { name: d.name })
  const intro =
    kind === 'funding'
      ? t(`summit.funding.${d.funding}`, { title: d.title })
      : t(`summit.${kind}.intro`, { title: d.title })
  const reason = kind === 'funding' && d.reason ? t('summit.funding.reason', { reason: d.reason }) : null
  const next = t(`summit.${kind}.next`)
  return renderStepMail({
    language,
    subject,
    greeting,
    intro,
    reason,
    next,
    button: t('summit.open'),
    url: d.pageUrl,
    footer: t('footer'),
  })
}

/** What the travel team still needs, as a list, with the link to the form. */
export function renderTravelReminder(
  language: Language,
  d: { name: string; title: string; missing: string[]; pageUrl: string },
) {
  const t = fixedT(language, 'emails')
  const subject = t('summit.travel.subject', { title: d.title })
  const greeting = t('greeting', { name: d.name })
  const intro = t('summit.travel.intro', { title: d.title })
  const items = d.missing.map((m) => t(`summit.travel.items.${m}`))
  return renderMail({
    language,
    subject,
    body: (
      <>
        <p>{greeting}</p>
        <p>{intro}</p>
        <ul>
          {items.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
        <p>
          <a href={d.pageUrl} style={buttonStyle}>
            {t('summit.travel.button')}
          </a>
        </p>
      </>
    ),
    footer: t('footer'),
  })
}
