import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { PRIVACY_NOTICE_VERSION } from '#db/domain'
import { config } from '~/config.server'
import { pageTitle } from '~/lib/meta'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'privacy')

export async function loader(_: LoaderFunctionArgs) {
  return { version: PRIVACY_NOTICE_VERSION, days: config().retentionDays }
}

/** The privacy notice people agree to at sign-up; its version is recorded with their consent. */
export default function Privacy() {
  const { t } = useTranslation()
  const d = useLoaderData<typeof loader>()
  const sections = ['who', 'what', 'why', 'anonymous', 'howLong', 'rights'] as const
  return (
    <>
      <h1>{t('privacy.title')}</h1>
      <p className="muted">{t('privacy.version', { version: d.version })}</p>
      {sections.map((s) => (
        <section key={s} aria-labelledby={`privacy-${s}`}>
          <h2 id={`privacy-${s}`}>{t(`privacy.notice.${s}.title`)}</h2>
          <p>{t(`privacy.notice.${s}.body`, { days: d.days })}</p>
        </section>
      ))}
      <p>
        <Link to="/profile">{t('privacy.toProfile')}</Link>
      </p>
    </>
  )
}
