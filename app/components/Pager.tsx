import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/** Previous / next links that keep the page's filters (`link` builds the address of a page). */
export function Pager({ page, pages, link }: { page: number; pages: number; link: (page: number) => string }) {
  const { t } = useTranslation()
  if (pages <= 1) return null
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      {page > 1 ? <Link to={link(page - 1)}>{t('pager.previous')}</Link> : null}
      <span>{t('pager.pageOf', { page, pages })}</span>
      {page < pages ? <Link to={link(page + 1)}>{t('pager.next')}</Link> : null}
    </nav>
  )
}
