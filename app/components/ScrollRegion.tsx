import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * A wide table's frame: it scrolls sideways inside the page on a phone instead of
 * widening the page, and is a focusable, named region so keyboards can scroll it.
 */
export function ScrollRegion({ label, children }: { label?: string; children: ReactNode }) {
  const { t } = useTranslation()
  return (
    <div className="table-wrap" role="region" aria-label={label ?? t('a11y.scrollableTable')} tabIndex={0}>
      {children}
    </div>
  )
}
