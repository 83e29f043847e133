import path from 'node:path'

import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'

import { withServerAndBrowser } from './server'

const e2e = withServerAndBrowser()
let page: Page

beforeAll(async () => {
  const context = await e2e.browser.newContext({ locale: 'en-GB', timezoneId: 'America/Bogota' })
  page = await context.newPage()
})

/**
 * The link to `/signup/…` (or another path) in the newest mail to `to` (read from the server's outbox, as staff
 * would at /staff/outbox).
 */
function mailedLink(to: string, linkPath = '/signup/'): string {
  const db = new Database(path.join(e2e.server.dir, 'app.db'), { readonly: true })
  const row = db.prepare('select text from outbox where to_address = ? order by id desc limit 1').get(to) as {
    text: string
  }
  db.close()
  return row.text.match(new RegExp(`https?://\\S+${linkPath}\\S+`))![0]
}

describe('a newcomer’s first visit', () => {
  it('comes from a webinar, signs up by mailed link, lands back on the webinar, switches to French, signs out and in', async () => {
    await page.goto(`${e2e.server.url}/webinars/dns-abuse-for-end-users`)
    await page.getByRole('link', { name: 'Sign in to register' }).click()
    await page.getByRole('main').getByRole('link', { name: 'Create an account' }).click()
    await page.getByRole('heading', { level: 1, name: 'Create your account' }).waitFor()
    await page.getByLabel('Email address').fill('camila.newcomer@example.com')
    await page.getByRole('button', { name: 'Send me the link' }).click()
    await page.getByRole('heading', { level: 1, name: 'Check your inbox' }).waitFor()
    // The mail's link opens the second step: the address is confirmed, the rest is chosen there.
    await page.goto(mailedLink('camila.newcomer@example.com'))
    await page.getByRole('heading', { level: 1, name: 'Finish creating your account' }).waitFor()
    await page.getByText('camila.newcomer@example.com').waitFor()
    await page.getByLabel('Full name').fill('Camila Rojas')
    await page.getByLabel('Password').fill('a long enough password')
    await page.getByLabel('Region').selectOption('LACRALO')
    await page.getByRole('checkbox', { name: /I agree to the privacy notice/ }).check()
    await page.getByRole('button', { name: 'Create account' }).click()
    // Back on the webinar she came from, signed in.
    await page.waitForURL(`${e2e.server.url}/webinars/dns-abuse-for-end-users`)
    await expect(page.getByRole('status').first().textContent()).resolves.toBe('Welcome! Your account is ready.')
    await expect(page.getByRole('link', { name: 'Camila Rojas' }).isVisible()).resolves.toBe(true)
    await page.goto(`${e2e.server.url}/`)

    // Switch to French with the switcher on every page.
    await page.getByLabel('Language').selectOption('fr')
    await page.getByRole('button', { name: 'Change' }).click()
    await page.waitForFunction(() => document.documentElement.lang === 'fr')
    await page.getByRole('heading', { level: 1, name: 'Renforcement des capacités et sommets At-Large' }).waitFor()

    // Sign out (a POST from the header button).
    await page.getByRole('button', { name: 'Se déconnecter' }).click()
    await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).waitFor()

    // Sign back in: the page stays French because French is now her preference.
    await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).click()
    await page.getByLabel('Adresse électronique').fill('CAMILA.NEWCOMER@example.com')
    await page.getByLabel('Mot de passe').fill('a long enough password')
    await page.getByRole('button', { name: 'Se connecter' }).click()
    await page.getByRole('status').waitFor()
    await expect(page.getByRole('status').textContent()).resolves.toBe('Vous êtes connecté·e.')
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('fr')

    // Her profile is in French and has the zone her browser reported at sign-up.
    await page.goto(`${e2e.server.url}/profile`)
    await page.getByRole('heading', { level: 1, name: 'Votre profil' }).waitFor()
    await expect(page.getByLabel('Fuseau horaire', { exact: true }).inputValue()).resolves.toBe('America/Bogota')
  })

  it('shows a translated error next to the field on bad input, and keeps what was typed', async () => {
    const context = await e2e.browser.newContext({ locale: 'es-ES' })
    const p = await context.newPage()
    await p.goto(`${e2e.server.url}/signup`)
    await p.getByLabel('Correo electrónico').fill('diego@example.net')
    await p.getByRole('button', { name: 'Enviarme el enlace' }).click()
    await p.getByRole('heading', { level: 1, name: 'Revise su bandeja de entrada' }).waitFor()
    await p.goto(mailedLink('diego@example.net'))
    await p.getByLabel('Nombre completo').fill('Diego Herrera')
    await p.getByLabel('Contraseña').fill('corta')
    await p.getByRole('button', { name: 'Crear cuenta' }).click()
    await p.getByRole('alert').waitFor()
    await expect(p.locator('#field-password-error').textContent()).resolves.toBe('Use al menos 10 caracteres.')
    await expect(p.getByLabel('Contraseña').getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(p.getByLabel('Nombre completo').inputValue()).resolves.toBe('Diego Herrera')
    // The keyboard focus moved to the first field to fix.
    await expect.poll(() => p.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password')
    await context.close()
  })

  it('gives a participant a translated 403 on the staff area, and lets staff in', async () => {
    const context = await e2e.browser.newContext({ locale: 'fr-FR' })
    const p = await context.newPage()
    await p.goto(`${e2e.server.url}/login`)
    await p.getByLabel('Adresse électronique').fill('participant@example.org')
    await p.getByLabel('Mot de passe').fill('demo-password')
    await p.getByRole('button', { name: 'Se connecter' }).click()
    await p.getByRole('status').waitFor()
    const res = await p.goto(`${e2e.server.url}/staff`)
    expect(res?.status()).toBe(403)
    // The demo participant prefers Spanish.
    await p.getByRole('heading', { level: 1, name: 'Acceso denegado' }).waitFor()
    await context.close()

    const staff = await e2e.browser.newContext()
    const s = await staff.newPage()
    await s.goto(`${e2e.server.url}/login?redirectTo=/staff/outbox`)
    await s.getByLabel('Email address').fill('staff@example.org')
    await s.getByLabel('Password').fill('demo-password')
    await s.getByRole('button', { name: 'Sign in' }).click()
    await s.waitForURL(`${e2e.server.url}/staff/outbox`)
    await s.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor()
    await staff.close()
  })

  it('signs in with a mailed link from the sign-in page, without JavaScript, and lands where the person was going', async () => {
    const context = await e2e.browser.newContext({ locale: 'fr-FR', javaScriptEnabled: false })
    const p = await context.newPage()
    await p.goto(`${e2e.server.url}/login?redirectTo=/webinars`)
    await p.getByLabel('Adresse électronique').fill('participant@example.org')
    await p.getByRole('button', { name: 'M’envoyer un lien de connexion' }).click()
    await p.getByRole('heading', { level: 1, name: 'Consultez votre boîte de réception' }).waitFor()
    // The mail's link opens a page with a button: opening it signs nobody in.
    await p.goto(mailedLink('participant@example.org', '/login/link/'))
    await p.getByText('participant@example.org').waitFor()
    await p.getByRole('banner').getByRole('link', { name: 'Se connecter' }).waitFor()
    await p.getByRole('main').getByRole('button').click()
    await p.waitForURL(`${e2e.server.url}/webinars`)
    // Signed in (the demo participant prefers Spanish): the header offers to sign out.
    await p.getByRole('button', { name: 'Cerrar sesión' }).waitFor()
    await context.close()
  })

  it('chooses a new password from the mailed reset link without JavaScript', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB', javaScriptEnabled: false })
    const p = await context.newPage()
    await p.goto(`${e2e.server.url}/forgot-password`)
    await p.getByLabel('Email address').fill('analyst@example.org')
    await p.getByRole('button', { name: 'Send the link' }).click()
    await p.getByRole('status').waitFor()
    await p.goto(mailedLink('analyst@example.org', '/reset-password/'))
    await p.getByLabel('New password', { exact: true }).fill('demo-password')
    await p.getByLabel('Repeat the new password').fill('demo-password')
    await p.getByRole('main').getByRole('button').click()
    await p.waitForURL(`${e2e.server.url}/`)
    await context.close()
  })
})
