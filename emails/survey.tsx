import type { Language } from '#db/domain'
import { fixedT } from '~/i18n.server'
import { formatDateTime } from '~/lib/format'

import { buttonStyle, renderMail } from './render'

/** A survey invitation or reminder with the person's own link, in their language. */
export function renderSurveyMail(
  kind: 'invitation' | 'reminder',
  language: Language,
  d: { name: string; title: string; url: string; closesAt: Date | null; timeZone: string; anonymous: boolean },
) {
  const t = fixedT(language, 'emails')
  const subject = t(`survey.${kind}.subject`, { title: d.title })
  const greeting = t('greeting', { name: d.name })
  const intro = t(`survey.${kind}.intro`, { title: d.title })
  const closes = d.closesAt ? t('survey.closes', { when: formatDateTime(d.closesAt, language, d.timeZone) }) : null
  const privacy = t(d.anonymous ? 'survey.anonymous' : 'survey.named')
  const personal = t('survey.personal')
  return renderMail({
    language,
    subject,
    body: (
      <>
        <p>{greeting}</p>
        <p>{intro}</p>
        {closes ? <p>{closes}</p> : null}
        <p>
          <a href={d.url} style={buttonStyle}>
            {t('survey.button')}
          </a>
        </p>
        <p>{privacy}</p>
        <p>{personal}</p>
      </>
    ),
    footer: t('footer'),
  })
}
