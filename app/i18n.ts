/**
 * i18next settings shared by the server and the browser. The texts themselves are
 * loaded apart: every language and namespace on the server (i18n.server.ts), and in
 * the browser only the page's language and the namespaces its routes declare
 * (i18n.client.ts). A namespace is a feature: common (shell, errors, notices), auth,
 * summits, newsletters, surveys, participation, staff (staff-only pages), emails
 * (server only).
 */
import { type Language, LANGUAGES } from '#db/domain'

export const supportedLanguages = LANGUAGES
export const fallbackLanguage: Language = 'en'
export const namespaces = [
  'common',
  'auth',
  'summits',
  'newsletters',
  'surveys',
  'participation',
  'glossary',
  'staff',
  'emails',
] as const
export type Namespace = (typeof namespaces)[number]
/** What every page needs: the shell (header, errors, notices). */
export const ALWAYS = ['common'] as const

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

export function isNamespace(value: unknown): value is Namespace {
  return typeof value === 'string' && (namespaces as readonly string[]).includes(value)
}

export const i18nOptions = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS: 'common',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
} as const
