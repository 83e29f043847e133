import type { Language } from '#db/schema'
import { fixedT } from '~/i18n.server'
import { languageName } from '~/lib/format'

import { buttonStyle, renderMail } from './render'

export type RegistrationMailKind =
  | 'confirmed'
  | 'waitlisted'
  | 'promoted'
  | 'cancelled'
  | 'updated'
  | 'eventCancelled'
  | 'reminder'
  /** A working-group meeting's notice to a member (their seat comes with membership). */
  | 'notice'
  /** A member who left: the meeting leaves their calendar. */
  | 'removed'

export type RegistrationMailData = {
  name: string
  title: string
  when: string
  /** For updates that moved the event: the time it had before. */
  previousWhen?: string | null
  platformName: string | null
  platformUrl: string | null
  channel: { language: Language; conferenceId: string; dialInNumbers: string } | null
  dialOutNumber: string | null
  pageUrl: string
  /** A working-group meeting (its page is the meeting's, not a webinar's). */
  meeting?: boolean
  /** The agenda in the reader's language, shown in a meeting's notice. */
  agenda?: string
}

/** Every mail about a person's place at an event, in their language, with their channel. */
export function renderRegistrationMail(kind: RegistrationMailKind, language: Language, d: RegistrationMailData) {
  const t = fixedT(language, 'emails')
  const subject = t(`registration.${kind}.subject`, { title: d.title })
  const greeting = t('greeting', { name: d.name })
  const intro = t(`registration.${kind}.intro`, { title: d.title })
  const showAccess = kind !== 'cancelled' && kind !== 'eventCancelled' && kind !== 'waitlisted' && kind !== 'removed'
  const details: [string, string][] = [[t('registration.when'), d.when]]
  if (d.previousWhen && d.previousWhen !== d.when) details.unshift([t('registration.previously'), d.previousWhen])
  if (showAccess && d.platformUrl)
    details.push([t('invite.platform'), `${d.platformName ?? ''} ${d.platformUrl}`.trim()])
  if (showAccess && d.channel) {
    details.push([
      t('invite.channel', { language: languageName(d.channel.language, language) }),
      `${t('invite.conferenceId')} ${d.channel.conferenceId}`,
    ])
    if (d.channel.dialInNumbers) details.push([t('invite.dialIn'), d.channel.dialInNumbers])
  }
  if (showAccess && d.dialOutNumber) details.push([t('registration.dialOut'), d.dialOutNumber])
  const next = t(`registration.${kind}.next`)
  const agenda = kind === 'notice' && d.agenda ? d.agenda.trim() : ''
  const open = t(d.meeting ? 'registration.openMeeting' : 'registration.open')
  return renderMail({
    language,
    subject,
    body: (
      <>
        <p>{greeting}</p>
        <p>{intro}</p>
        <table
          role="presentation"
          cellPadding={4}
          cellSpacing={0}
          style={{ borderCollapse: 'collapse', margin: '8px 0 16px' }}
        >
          <tbody>
            {details.map(([label, value]) => (
              <tr key={label} className="mail-line">
                <th align="left" style={{ paddingRight: 12, verticalAlign: 'top' }}>
                  {/* "When:" / "Quand :", the space before French punctuation unbreakable. */}
                  {t('labelValue', { label, value: '' })
                    .trim()
                    .replace(/ (?=[:;!?]$)/, '\u00a0')}
                </th>
                <td className="mail-value" style={{ overflowWrap: 'anywhere' }}>
                  {label === t('registration.previously') ? <s>{value}</s> : value}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {agenda ? (
          <>
            <h2 style={{ fontSize: 16, margin: '16px 0 4px' }}>{t('registration.agenda')}</h2>
            <p style={{ whiteSpace: 'pre-line' }}>{agenda}</p>
          </>
        ) : null}
        <p>{next}</p>
        <p>
          <a href={d.pageUrl} style={buttonStyle}>
            {open}
          </a>
        </p>
      </>
    ),
    footer: t('footer'),
  })
}
