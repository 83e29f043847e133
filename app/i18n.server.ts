/**
 * Language choice, one rule everywhere (docs/architecture.md): the person's preferred
 * language, else the `lang` cookie, else Accept-Language, else English.
 */
import { createCookie } from '@remix-run/node'
import i18next, { type TFunction } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { RemixI18Next } from 'remix-i18next/server'

import type { Language } from '#db/schema'

import { config } from './config.server'
import { fallbackLanguage, i18nOptions, isLanguage, namespaces, supportedLanguages } from './i18n'
import { resources } from './i18n.resources.server'

export const languageCookie = createCookie('lang', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  secure: config().secureCookies,
  maxAge: 60 * 60 * 24 * 365,
})

const detector = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage,
    cookie: languageCookie,
    order: ['cookie', 'header'],
  },
  i18next: { ...i18nOptions, ns: [...namespaces], resources },
})

export async function resolveLanguage(request: Request, preferred?: Language | null): Promise<Language> {
  if (preferred && isLanguage(preferred)) return preferred
  const detected = await detector.getLocale(request)
  return isLanguage(detected) ? detected : fallbackLanguage
}

// One initialised instance holds every resource; requests get cheap clones of it.
const instance = i18next.createInstance()
void instance
  .use(initReactI18next)
  .init({ ...i18nOptions, ns: [...namespaces], resources, lng: fallbackLanguage, initImmediate: false })
// The default instance too, for page titles (meta functions run on the server and in the browser alike).
if (!i18next.isInitialized) {
  void i18next.init({ ...i18nOptions, ns: [...namespaces], resources, lng: fallbackLanguage, initImmediate: false })
}

/** A translation function bound to one language, for mail, ICS and server-made text. */
export function fixedT(language: Language, ns: string = 'common'): TFunction {
  return instance.getFixedT(language, ns)
}

/** The instance server rendering uses for one request (shares the resource store). */
export function i18nForRequest(language: Language) {
  return instance.cloneInstance({ lng: language, initImmediate: false })
}
