import type { Language } from '#db/schema'
import { fixedT } from '~/i18n.server'

import { buttonStyle, renderMail } from './render'

/** A call for volunteers to draft a statement, in the reader's language, with a one-click link. */
export function renderCallForVolunteers(
  language: Language,
  d: {
    name: string
    title: string
    summary: string
    /** The statement's text is not in the reader's language (it is shown in English). */
    fallback: boolean
    deadline: string | null
    commentUrl: string | null
    link: string
  },
) {
  const t = fixedT(language, 'emails')
  const subject = t('callForVolunteers.subject', { title: d.title })
  const greeting = t('greeting', { name: d.name })
  const intro = t('callForVolunteers.intro')
  const deadline = d.deadline ? t('callForVolunteers.deadline', { date: d.deadline }) : ''
  const fallback = d.fallback ? t('callForVolunteers.fallback') : ''
  const button = t('callForVolunteers.button')
  const next = t('callForVolunteers.next')
  return renderMail({
    language,
    subject,
    body: (
      <>
        <p>{greeting}</p>
        <p>{intro}</p>
        <h2 style={{ fontSize: 18, margin: '16px 0 4px' }}>{d.title}</h2>
        {fallback ? <p style={{ fontSize: 14, color: '#555' }}>{fallback}</p> : null}
        {d.summary ? <p style={{ whiteSpace: 'pre-line' }}>{d.summary}</p> : null}
        {deadline ? <p>{deadline}</p> : null}
        {d.commentUrl ? (
          <p>
            <a href={d.commentUrl}>{d.commentUrl}</a>
          </p>
        ) : null}
        <p>
          <a href={d.link} style={buttonStyle}>
            {button}
          </a>
        </p>
        <p>{next}</p>
      </>
    ),
    footer: t('footer'),
  })
}
