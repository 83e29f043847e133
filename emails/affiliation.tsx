import type { Language } from '#db/domain'
import { fixedT } from '~/i18n.server'

import { renderStepMail } from './render'

/**
 * To a structure's contact, in the contact's language: someone asks to be listed as the
 * structure's representative; the button opens the single-use page to confirm or decline.
 */
export function renderAffiliationRequestMail(
  language: Language,
  d: { name: string; person: string; email: string; structure: string; url: string; days: number },
) {
  const t = fixedT(language, 'emails')
  return renderStepMail({
    language,
    subject: t('affiliation.request.subject', { person: d.person, structure: d.structure }),
    greeting: t('greeting', { name: d.name }),
    intro: t('affiliation.request.intro', { person: d.person, email: d.email, structure: d.structure }),
    reason: t('affiliation.request.unknown'),
    next: t('affiliation.request.next', { count: d.days }),
    button: t('affiliation.request.button'),
    url: d.url,
    footer: t('footer'),
  })
}

/** To the person who asked, in their language: the structure's contact or staff confirmed or declined. */
export function renderAffiliationOutcomeMail(
  kind: 'confirmed' | 'declined',
  language: Language,
  d: { name: string; structure: string; note: string | null; pageUrl: string },
) {
  const t = fixedT(language, 'emails')
  return renderStepMail({
    language,
    subject: t(`affiliation.${kind}.subject`, { structure: d.structure }),
    greeting: t('greeting', { name: d.name }),
    intro: t(`affiliation.${kind}.intro`, { structure: d.structure }),
    reason: d.note ? t('affiliation.reason', { reason: d.note }) : null,
    next: t(`affiliation.${kind}.next`, { structure: d.structure }),
    button: t('affiliation.open'),
    url: d.pageUrl,
    footer: t('footer'),
  })
}
