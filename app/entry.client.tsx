import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'

import { i18nOptions, isLanguage } from './i18n'
import { extraLanguages, lazyLocales, pageNamespaces } from './i18n.client'

async function hydrate() {
  const lang = document.documentElement.lang
  // One language only: every key exists in all three (a test checks), so no English fallback is fetched.
  await i18next
    .use(lazyLocales)
    .use(initReactI18next)
    .init({ ...i18nOptions, fallbackLng: false, lng: isLanguage(lang) ? lang : 'en', ns: pageNamespaces() })
  const others = extraLanguages().filter(isLanguage)
  if (others.length) await i18next.loadLanguages(others)
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    )
  })
}

void hydrate()
