/**
 * A page is never drawn before its texts are there. Each route declares the translation
 * namespaces its code uses (`export const handle = { i18n: [...] }`; tests/i18n.test.ts
 * checks the declaration against the route's code and every component it imports). The
 * root renders the page only once the page's language holds every namespace the matched
 * routes declare: on a client-side navigation it suspends while the missing ones load, and
 * React keeps the previous page on screen meanwhile (Remix wraps navigations in a
 * transition). A change of language (signing in, saving the profile) waits the same way,
 * then switches. The browser still fetches only the language it shows.
 */
import { useMatches } from '@remix-run/react'
import type { i18n as I18n } from 'i18next'
import { useTranslation } from 'react-i18next'

/** `common` and the namespaces the matched routes declare in `handle.i18n`, each once. */
export function declaredNamespaces(matches: readonly { handle?: unknown }[]): string[] {
  return [...new Set(['common', ...matches.flatMap((m) => (m.handle as { i18n?: string[] } | undefined)?.i18n ?? [])])]
}

const loading = new Map<string, Promise<void>>()
/** Namespaces that could not be fetched: the page shows without them rather than wait for ever. */
const failed = new Set<string>()

function load(i18n: I18n, language: string, missing: string[]): Promise<void> {
  const key = `${language}|${missing.join(',')}`
  let pending = loading.get(key)
  if (!pending) {
    pending = (missing.length ? i18n.reloadResources([language], missing) : Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        for (const ns of missing) if (!i18n.hasResourceBundle(language, ns)) failed.add(`${language}|${ns}`)
        if (i18n.language !== language) await i18n.changeLanguage(language)
        if (i18n.language !== language) failed.add(language)
      })
      .catch(() => undefined)
      .finally(() => loading.delete(key))
    loading.set(key, pending)
  }
  return pending
}

/**
 * The namespaces of the page being rendered, in `language` (the root data's). In the
 * browser this suspends until they are all loaded and i18next speaks that language; on
 * the server every namespace is already there.
 */
export function usePageTranslations(language: string): string[] {
  const { i18n } = useTranslation()
  const namespaces = declaredNamespaces(useMatches())
  if (typeof document !== 'undefined') {
    const missing = namespaces.filter((ns) => !i18n.hasResourceBundle(language, ns) && !failed.has(`${language}|${ns}`))
    // Suspense: React keeps the page already shown until the promise settles, then renders again.
    if (missing.length || (i18n.language !== language && !failed.has(language))) throw load(i18n, language, missing)
  }
  return namespaces
}
