/** i18next configuration shared by the server and the browser. */
import { type Language, LANGUAGES } from '#db/domain'
import enAuth from '#locales/en/auth.json'
import enCommon from '#locales/en/common.json'
import enEmails from '#locales/en/emails.json'
import enStaff from '#locales/en/staff.json'
import esAuth from '#locales/es/auth.json'
import esCommon from '#locales/es/common.json'
import esEmails from '#locales/es/emails.json'
import esStaff from '#locales/es/staff.json'
import frAuth from '#locales/fr/auth.json'
import frCommon from '#locales/fr/common.json'
import frEmails from '#locales/fr/emails.json'
import frStaff from '#locales/fr/staff.json'

export const supportedLanguages = LANGUAGES
export const fallbackLanguage: Language = 'en'
export const namespaces = ['common', 'auth', 'staff', 'emails'] as const

export const resources = {
  en: { common: enCommon, auth: enAuth, staff: enStaff, emails: enEmails },
  fr: { common: frCommon, auth: frAuth, staff: frStaff, emails: frEmails },
  es: { common: esCommon, auth: esAuth, staff: esStaff, emails: esEmails },
} as const

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

export const i18nOptions = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS: 'common',
  ns: [...namespaces],
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
} as const
