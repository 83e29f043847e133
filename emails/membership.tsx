import type { Language, RegionCode } from '#db/domain'
import { fixedT } from '~/i18n.server'

import { renderStepMail } from './render'

/** An application for individual membership of a RALO: received, approved or declined, in the applicant's language. */
export function renderMembershipMail(
  kind: 'received' | 'approved' | 'declined',
  language: Language,
  d: { name: string; region: RegionCode; note: string | null; pageUrl: string },
) {
  const t = fixedT(language, 'emails')
  const subject = t(`membership.${kind}.subject`, { region: d.region })
  const greeting = t('greeting', { name: d.name })
  const intro = t(`membership.${kind}.intro`, { region: d.region })
  const reason = d.note ? t('membership.reason', { reason: d.note }) : null
  const next = t(`membership.${kind}.next`, { region: d.region })
  return renderStepMail({
    language,
    subject,
    greeting,
    intro,
    reason,
    next,
    button: t('membership.open'),
    url: d.pageUrl,
    footer: t('footer'),
  })
}
