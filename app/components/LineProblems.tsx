import { useTranslation } from 'react-i18next'

import type { LineProblem } from '~/lib/pasted-emails'

/** After a pasted list: the lines that were not stored, and why (the rest were). */
export function LineProblems({ failed }: { failed: LineProblem[] }) {
  const { t } = useTranslation('participation')
  if (failed.length === 0) return null
  return (
    <>
      <p>{t('workingGroups.failedLines', { count: failed.length })}</p>
      <ul>
        {failed.map((f) => (
          <li key={`${f.line}-${f.text}`}>
            {t('workingGroups.line', { line: f.line })}: <code>{f.text}</code> —{' '}
            {t(`workingGroups.reasons.${f.reason}`)}
          </li>
        ))}
      </ul>
    </>
  )
}
