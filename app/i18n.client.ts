/**
 * The browser's translations: only the page's language, and only the namespaces its
 * routes declare (`handle.i18n`), fetched as separate files. A later page that needs
 * another namespace fetches it then; `emails` never reaches the browser.
 */
import type { BackendModule } from 'i18next'

const files = import.meta.glob<{ default: Record<string, unknown> }>([
  '../locales/*/*.json',
  '!../locales/*/emails.json',
])

export const lazyLocales: BackendModule = {
  type: 'backend',
  init() {},
  read(language, namespace, callback) {
    const load = files[`../locales/${language}/${namespace}.json`]
    if (!load) return callback(new Error(`No translations for ${language}/${namespace}`), null)
    load().then(
      (module) => callback(null, module.default),
      (error: Error) => callback(error, null),
    )
  },
}

/** The namespaces the server rendered this page with (a meta tag written by the root). */
export function pageNamespaces(): string[] {
  const content = document.querySelector('meta[name="i18n-namespaces"]')?.getAttribute('content') ?? ''
  return ['common', ...content.split(',').filter(Boolean)]
}

/** Other languages a page shows part of itself in (e.g. a reader's own language on an unsubscribe page). */
export function extraLanguages(): string[] {
  return [...document.querySelectorAll('meta[name="i18n-languages"]')]
    .flatMap((m) => (m.getAttribute('content') ?? '').split(','))
    .filter(Boolean)
}
