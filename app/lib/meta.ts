/** Page titles in the viewer's language (meta functions cannot use hooks). */
import type { MetaDescriptor } from '@remix-run/node'

import { fallbackLanguage, isLanguage, resources } from '~/i18n'

type Matches = { id: string; data: unknown }[]

function lookup(tree: unknown, key: string): string | undefined {
  const value = key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree)
  return typeof value === 'string' ? value : undefined
}

/** `<title>` for a page: the `titles.<key>` text (or a given text) followed by the app's name. */
export function pageTitle(matches: Matches, key: string | null, text?: string): MetaDescriptor[] {
  const rootLanguage = (matches.find((m) => m.id === 'root')?.data as { language?: string } | undefined)?.language
  const language = isLanguage(rootLanguage) ? rootLanguage : fallbackLanguage
  const common = resources[language].common
  const appName = common.app.name
  const page = text ?? (key ? lookup(common, `titles.${key}`) : undefined)
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
  const common = resources[isLanguage(rootLanguage) ? rootLanguage : fallbackLanguage].common
  return pageTitle(matches, null, lookup(common, `errors.${key}.title`))
}
