import { useTranslation } from 'react-i18next'

import type { Language } from '#db/domain'

const WORDS = /\p{L}{2,}/u

/**
 * Text staff typed once, in English, with no translation (dial-in labels such as "toll-free,
 * US", action items): marked `lang="en"`, and followed by "(in English)" for a reader in
 * another language when it holds words (numbers alone need no marker).
 */
export function StaffText({ text, language }: { text: string; language: Language }) {
  const { t } = useTranslation()
  return (
    <>
      <span lang="en">{text}</span>
      {language !== 'en' && WORDS.test(text) ? (
        <span className="muted"> ({t('common:events.inEnglishOnly')})</span>
      ) : null}
    </>
  )
}
