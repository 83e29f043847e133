import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRevalidator,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { LANGUAGES } from '#db/domain'
import { useFullScreen } from '~/lib/full-screen'
import { skipAfterPreview } from '~/lib/revalidation'

import { takeNotice } from './auth-session.server'
import { useFocusFirstError } from './lib/focus-errors'
import { errorTitle } from './lib/meta'
import { useNonce } from './lib/nonce'
import { usePageTranslations } from './lib/page-translations'
import styles from './styles.css?url'
import { getViewer } from './viewer.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request)
  const { notice, clear } = await takeNotice(request)
  const headers = new Headers()
  if (clear) headers.append('Set-Cookie', clear)
  return data(
    {
      language: viewer.language,
      timeZone: viewer.timeZone,
      timeZoneKnown: viewer.timeZoneKnown,
      notice: notice ?? null,
      person: viewer.person
        ? { name: viewer.person.name, roles: viewer.person.roles, email: viewer.person.email }
        : null,
    },
    { headers },
  )
}

export type RootData = Awaited<ReturnType<typeof loader>>['data']

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

function LanguageSwitcher({ current }: { current: string }) {
  const { t } = useTranslation()
  const location = useLocation()
  return (
    <Form method="post" action="/language" className="lang-switch" reloadDocument>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="lang-select" className="visually-hidden">
        {t('language.label')}
      </label>
      <select id="lang-select" name="language" defaultValue={current}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`language.names.${l}`)}
          </option>
        ))}
      </select>
      <button type="submit" className="button small">
        {t('language.change')}
      </button>
    </Form>
  )
}

/** Sign-in and sign-up links come back to the page they were followed from (not to another account page). */
function withReturn(to: string, location: { pathname: string; search: string }) {
  if (location.pathname === '/' || /^\/(login|signup|forgot-password|reset-password|logout)\b/.test(location.pathname))
    return to
  return `${to}?redirectTo=${encodeURIComponent(location.pathname + location.search)}`
}

function Header() {
  const { t } = useTranslation()
  const location = useLocation()
  const root = useRootData()
  const person = root?.person
  const isStaff = person?.roles.includes('staff')
  const isAnalyst = person?.roles.includes('analyst') || isStaff
  // On a phone the links and tools fold behind a "Menu" button once the page is
  // interactive; without JavaScript (or before it runs) they are all shown, as before.
  const [interactive, setInteractive] = useState(false)
  const [menuOpen, setMenuOpen] = useState(false)
  useEffect(() => setInteractive(true), [])
  useEffect(() => setMenuOpen(false), [location.pathname])
  return (
    <header className={`site-header${interactive ? ' foldable' : ''}${menuOpen ? ' open' : ''}`}>
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <div className="header-inner">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        {interactive ? (
          <button
            type="button"
            className="menu-button secondary small"
            aria-expanded={menuOpen}
            aria-controls="site-menu"
            onClick={() => setMenuOpen((open) => !open)}
          >
            {t('nav.menu')}
          </button>
        ) : null}
        <div className="site-menu" id="site-menu">
          <nav aria-label={t('nav.main')}>
            <ul className="nav-list">
              <li>
                <NavLink to="/" end>
                  {t('nav.home')}
                </NavLink>
              </li>
              <li>
                <NavLink to="/webinars">{t('nav.webinars')}</NavLink>
              </li>
              <li>
                <NavLink to="/newsletters">{t('nav.newsletters')}</NavLink>
              </li>
              <li>
                <NavLink to="/statements">{t('nav.statements')}</NavLink>
              </li>
              <li>
                <NavLink to="/working-groups">{t('nav.workingGroups')}</NavLink>
              </li>
              {person ? (
                <li>
                  <NavLink to="/participation">{t('nav.participation')}</NavLink>
                </li>
              ) : null}
              {person?.roles.includes('ralo_leader') ? (
                <li>
                  <NavLink to="/ralo">{t('nav.ralo')}</NavLink>
                </li>
              ) : null}
              {isStaff ? (
                <li>
                  <NavLink to="/staff">{t('nav.staff')}</NavLink>
                </li>
              ) : null}
              {isAnalyst ? (
                <li>
                  <NavLink to="/analysis">{t('nav.analysis')}</NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
          <div className="header-tools">
            <LanguageSwitcher current={root?.language ?? 'en'} />
            {person ? (
              <>
                <NavLink to="/profile" className="profile-link">
                  {person.name}
                </NavLink>
                <Form method="post" action="/logout">
                  <button type="submit" className="button small secondary">
                    {t('nav.signOut')}
                  </button>
                </Form>
              </>
            ) : (
              <>
                <NavLink to={withReturn('/login', location)}>{t('nav.signIn')}</NavLink>
                <NavLink to={withReturn('/signup', location)} className="button small">
                  {t('nav.signUp')}
                </NavLink>
              </>
            )}
          </div>
        </div>
      </div>
    </header>
  )
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRootData()
  const { i18n } = useTranslation()
  const language = root?.language ?? i18n.language ?? 'en'
  const nonce = useNonce()
  // The namespaces this page's routes declare: a client-side navigation waits for them (page-translations.ts),
  // and a fresh load fetches just those before the page becomes interactive (i18n.client.ts).
  const namespaces = usePageTranslations(language).filter((ns) => ns !== 'common')
  return (
    <html lang={language} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="i18n-namespaces" content={namespaces.join(',')} />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

/**
 * The notice of the page being shown ("Saved."). The server hands a notice out once, so
 * the root's data loses it when anything revalidates the page (a fetcher's live preview,
 * the zone reload); it is kept here until the visitor goes to another page.
 */
function usePageNotice(notice: string | null | undefined): string | null {
  const { key } = useLocation()
  const [kept, setKept] = useState<{ key: string; notice: string } | null>(null)
  if (notice && (kept?.key !== key || kept.notice !== notice)) setKept({ key, notice })
  return notice ?? (kept?.key === key ? kept.notice : null)
}

export default function App() {
  const root = useRootData()
  const { t } = useTranslation()
  const notice = usePageNotice(root?.notice)
  const fullScreen = useFullScreen()
  const revalidator = useRevalidator()
  useFocusFirstError()
  useEffect(() => {
    if (root && !root.timeZoneKnown) {
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
      // Remix cookies hold base64-encoded JSON. Reload the data once so times show in the visitor's zone.
      document.cookie = `tz=${btoa(JSON.stringify(zone))}; path=/; max-age=31536000; samesite=lax`
      if (zone !== root.timeZone) revalidator.revalidate()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per change of what the server knew
  }, [root?.timeZoneKnown, root?.timeZone])
  return (
    <>
      {fullScreen ? null : <Header />}
      <main id="main" className={fullScreen ? 'container full-screen' : 'container'}>
        {notice ? (
          <p className="notice" role="status">
            {t(notice)}
          </p>
        ) : null}
        <Outlet />
      </main>
      {fullScreen ? null : (
        <footer className="site-footer container">
          <p>{t('app.footer')}</p>
          <p>
            <Link to="/structures">{t('footer.structures')}</Link> · <Link to="/glossary">{t('footer.glossary')}</Link>{' '}
            · <Link to="/privacy">{t('footer.privacy')}</Link>
          </p>
        </footer>
      )}
    </>
  )
}

/** Pages set their own titles; this one is for the error page (a title is what a screen reader announces first). */
export const meta: MetaFunction<typeof loader> = ({ error, matches }) => (error ? errorTitle(matches, error) : [])

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  let title = t('errors.unexpected.title')
  let body = t('errors.unexpected.body')
  if (isRouteErrorResponse(error)) {
    if (error.status === 403) {
      title = t('errors.forbidden.title')
      body = t('errors.forbidden.body')
    } else if (error.status === 404) {
      title = t('errors.notFound.title')
      body = t('errors.notFound.body')
    } else if (error.status === 400) {
      title = t('errors.badRequest.title')
      body = t('errors.badRequest.body')
    } else if (error.status === 415) {
      // readForm: the body was not a form (JSON, plain text, none).
      title = t('errors.unsupportedBody.title')
      body = t('errors.unsupportedBody.body')
    } else if (error.status === 503) {
      // DatabaseUnavailable: busy (another writer), read-only or full; nothing was changed.
      const reason = (error.data as { reason?: string } | null)?.reason
      const key = reason === 'readonly' || reason === 'full' ? reason : 'busy'
      title = t(`errors.${key}.title`)
      body = t(`errors.${key}.body`)
    }
  } else {
    console.error(error)
  }
  return (
    <>
      <Header />
      <main id="main" className="container">
        <h1>{title}</h1>
        <p>{body}</p>
        <p>
          <Link to="/">{t('errors.backHome')}</Link>
        </p>
      </main>
    </>
  )
}

/** No reload after the newsletter live preview (see app/lib/revalidation.ts). */
export const shouldRevalidate = skipAfterPreview
