import fs from 'node:fs'
import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium, startServer } from './server'

let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('a participant and a webinar', () => {
  it('registers in French, downloads the invite, and cancels', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true })
    const page = await context.newPage()
    await page.goto(`${server.url}/login?redirectTo=/webinars/universal-acceptance-and-idns`)
    await page.getByLabel('Adresse électronique').fill('analyst@example.org')
    await page.getByLabel('Mot de passe').fill('demo-password')
    await page.getByRole('button', { name: 'Se connecter' }).click()
    await page.getByRole('heading', { level: 1, name: 'Acceptation universelle et IDN' }).waitFor()

    await page.getByLabel("Langue d'interprétation").selectOption('fr')
    await page.getByLabel('Numéro à appeler (facultatif)').fill('+33 1 23 45 67 89')
    await page.getByRole('button', { name: "S'inscrire" }).click()
    await page.getByText('Vous êtes inscrit·e. Une confirmation').waitFor()
    await page.getByText('Vous êtes inscrit·e.', { exact: true }).waitFor()

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: "Télécharger l'invitation d'agenda (.ics)" }).click()])
    const ics = fs.readFileSync((await download.path())!, 'utf8')
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!)
    expect(event.summary).toBe('Acceptation universelle et IDN')
    expect(event.description).toContain('Canal Français : identifiant de conférence 1838')

    await page.getByRole('button', { name: 'Annuler mon inscription' }).click()
    await page.getByText('Votre inscription est annulée.').waitFor()
    await page.getByRole('button', { name: "S'inscrire" }).waitFor()
    await context.close()
  })

  it('shows an error next to a malformed dial-out number and registers nothing', async () => {
    const context = await browser.newContext({ locale: 'en-GB' })
    const page = await context.newPage()
    await page.goto(`${server.url}/login?redirectTo=/webinars/universal-acceptance-and-idns`)
    await page.getByLabel('Email address').fill('staff@example.org')
    await page.getByLabel('Password').fill('demo-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { level: 1, name: 'Universal Acceptance and IDNs' }).waitFor()
    await page.getByLabel('Dial-out number (optional)').fill('not a number')
    await page.getByRole('button', { name: 'Register' }).click()
    await page.locator('#field-dialOutNumber-error').waitFor()
    await expect(page.locator('#field-dialOutNumber-error').textContent()).resolves.toContain('6 to 20 digits')
    await expect(page.getByText('You are registered.', { exact: true }).count()).resolves.toBe(0)
    await context.close()
  })
})
