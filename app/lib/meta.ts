/** Page titles in the viewer's language (meta functions cannot use hooks). */
import type { MetaDescriptor } from '@remix-run/node'
import i18next from 'i18next'

import { fallbackLanguage, isLanguage } from '~/i18n'

type Matches = { id: string; data: unknown }[]

/**
 * A `common` text in `language`, from the default i18next instance: on the server it
 * holds every language (i18n.server.ts), in the browser the page's (i18n.client.ts).
 */
function lookup(language: string, key: string): string | undefined {
  return i18next.exists(key, { lng: language, ns: 'common' }) ? i18next.getFixedT(language, 'common')(key) : undefined
}

/** `<title>` for a page: the `titles.<key>` text (or a given text) followed by the app's name. */
export function pageTitle(matches: Matches, key: string | null, text?: string): MetaDescriptor[] {
  const rootLanguage = (matches.find((m) => m.id === 'root')?.data as { language?: string } | undefined)?.language
  const language = isLanguage(rootLanguage) ? rootLanguage : fallbackLanguage
  const appName = lookup(language, 'app.name') ?? 'At-Large Program Manager'
  const page = text ?? (key ? lookup(language, `titles.${key}`) : undefined)
  return [{ title: page ? `${page} · ${appName}` : appName }]
}

/** The `<title>` of the error page (root ErrorBoundary): "Page not found · …" and so on, in the viewer's language. */
export function errorTitle(matches: Matches, error: unknown): MetaDescriptor[] {
  const status = (error as { status?: number } | null)?.status
  const reason = (error as { data?: { reason?: string } } | null)?.data?.reason
  const unavailable = reason === 'readonly' || reason === 'full' ? reason : 'busy'
  const key =
    status === 404
      ? 'notFound'
      : status === 403
        ? 'forbidden'
        : status === 400
          ? 'badRequest'
          : status === 503
            ? unavailable
            : 'unexpected'
  const rootLanguage = (matches.find((m) => m.id === 'root')?.data as { language?: string } | undefined)?.language
  return pageTitle(
    matches,
    null,
    lookup(isLanguage(rootLanguage) ? rootLanguage : fallbackLanguage, `errors.${key}.title`),
  )
}
