import type { AccreditationStep, Language } from '#db/domain'
import { fixedT } from '~/i18n.server'

import { renderStepMail } from './render'

/** A step of a structure's accreditation: what happened and what comes next, in the contact's language. */
export function renderAccreditationMail(
  step: AccreditationStep,
  language: Language,
  d: { name: string; structure: string; note: string | null; pageUrl: string },
) {
  const t = fixedT(language, 'emails')
  const subject = t(`accreditation.${step}.subject`, { structure: d.structure })
  const greeting = t('greeting', { name: d.name })
  const intro = t(`accreditation.${step}.intro`, { structure: d.structure })
  const reason = d.note ? t('accreditation.reason', { reason: d.note }) : null
  const next = t(`accreditation.${step}.next`)
  return renderStepMail({
    language,
    subject,
    greeting,
    intro,
    reason,
    next,
    button: step === 'review_opened' ? t('accreditation.confirm') : t('accreditation.open'),
    url: d.pageUrl,
    footer: t('footer'),
  })
}
