import type { Language, RegionCode } from '#db/domain'
import { fixedT } from '~/i18n.server'

import { buttonStyle, renderMail } from './render'

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
  return renderMail({
    language,
    subject,
    body: (
      <>
        <p>{greeting}</p>
        <p>{intro}</p>
        {reason ? <p>{reason}</p> : null}
        <p>{next}</p>
        <p>
          <a href={d.pageUrl} style={buttonStyle}>
            {t('membership.open')}
          </a>
        </p>
      </>
    ),
    text: [greeting, '', intro, ...(reason ? ['', reason] : []), '', next, '', d.pageUrl].join('\n'),
    footer: t('footer'),
  })
}
