import fs from 'node:fs'

import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'

import { withServerAndBrowser } from './server'

const e2e = withServerAndBrowser()

describe('staff publishing a webinar', () => {
  it('publishes "Security and Stability" with its three channels from the form, in the presenter’s zone', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB' })
    const page = await context.newPage()
    await page.goto(`${e2e.server.url}/login?redirectTo=/staff/webinars/new`)
    await page.getByLabel('Email address').fill('staff@example.org')
    await page.getByLabel('Password').fill('demo-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { level: 1, name: 'New webinar' }).waitFor()
    const inEnglish = page.getByRole('group', { name: 'Text in English' })
    await inEnglish.getByLabel('Title').fill('Security and Stability (2031 edition)')
    await inEnglish.getByLabel('Description').fill('The SSAC and its advice, with French and Spanish interpretation.')
    // French and Spanish texts are folded until opened.
    await page.getByText('Text in French').click()
    await page.locator('#field-title_fr').fill('Sécurité et stabilité (édition 2031)')
    await page.getByLabel('Date', { exact: true }).fill('2031-05-15')
    await page.getByLabel('Start time').fill('15:00')
    // The zone picker narrows as you type a city and picks the first match.
    await page.getByLabel('Search the time zones').fill('paris')
    await expect(page.getByLabel('Time zone of the date and time above').inputValue()).resolves.toBe('Europe/Paris')
    await page.getByLabel('Seats').fill('150')
    await page.getByLabel('Platform name').fill('Adobe Connect')
    await page.getByLabel('Platform link').fill('https://participate.example.org/ssac-2031')
    await page.getByLabel('Presenters').fill("Julie Hammer | ALAC's liaison to the SSAC")
    for (const [language, id] of [
      ['English', '1638'],
      ['Spanish', '1738'],
      ['French', '1838'],
    ]) {
      await page
        .getByRole('group', { name: `${language} interpretation channel` })
        .getByLabel('Conference ID')
        .fill(id)
    }
    await page.getByRole('button', { name: 'Publish the webinar' }).click()
    await page.getByText('Webinar published.').waitFor()
    await page.getByRole('heading', { level: 1, name: 'Security and Stability (2031 edition)' }).waitFor()

    // The public page shows it in the visitor's zone with the three channels.
    const visitor = await e2e.browser.newContext({ locale: 'es-ES', timezoneId: 'America/Bogota' })
    const v = await visitor.newPage()
    await v.goto(`${e2e.server.url}/webinars/security-and-stability-2031-edition`)
    await v.getByRole('heading', { level: 1, name: 'Security and Stability (2031 edition)' }).waitFor()
    // Once the page knows the browser's zone it shows the time there, naming the zone.
    await v.getByText('08:00–09:00 GMT-5 (America/Bogota)').waitFor()
    for (const id of ['1638', '1738', '1838']) await expect(v.getByRole('cell', { name: id }).count()).resolves.toBe(1)
    await visitor.close()
    await context.close()
  })
})

describe('a participant and a webinar', () => {
  it('registers in French, downloads the invite, and cancels', async () => {
    const context = await e2e.browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true })
    const page = await context.newPage()
    await page.goto(`${e2e.server.url}/login?redirectTo=/webinars/universal-acceptance-and-idns`)
    await page.getByLabel('Adresse électronique').fill('analyst@example.org')
    await page.getByLabel('Mot de passe').fill('demo-password')
    await page.getByRole('button', { name: 'Se connecter' }).click()
    await page.getByRole('heading', { level: 1, name: 'Acceptation universelle et IDN' }).waitFor()

    await page.getByLabel("Langue d'interprétation").selectOption('fr')
    await page.getByLabel('Numéro à appeler (facultatif)').fill('+33 1 23 45 67 89')
    await page.getByRole('button', { name: "S'inscrire" }).click()
    await page.getByText('Vous êtes inscrit·e. Une confirmation').waitFor()
    await page.getByText('Vous êtes inscrit·e.', { exact: true }).waitFor()

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: "Télécharger l'invitation d'agenda (.ics)" }).click(),
    ])
    const ics = fs.readFileSync((await download.path())!, 'utf8')
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!)
    expect(event.summary).toBe('Acceptation universelle et IDN')
    expect(event.description).toContain('Canal Français : identifiant de conférence 1838')

    await page.getByRole('button', { name: 'Annuler mon inscription' }).click()
    await page.getByText('Votre inscription est annulée.').waitFor()
    await page.getByRole('button', { name: "S'inscrire" }).waitFor()
    await context.close()
  })

  it('can be done with the keyboard alone', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB' })
    const page = await context.newPage()
    await page.goto(`${e2e.server.url}/login?redirectTo=/webinars/policy-development-for-newcomers`)
    await page.getByLabel('Email address').fill('staff@example.org') // prefers English
    await page.getByLabel('Password').fill('demo-password')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'The Policy Development Process for newcomers' }).waitFor()
    // Tab from the interpretation language to the register button and press it.
    await page.getByLabel('Interpretation language').focus()
    await page.keyboard.press('Tab') // dial-out number
    await page.keyboard.press('Tab') // register button
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Register')
    await page.keyboard.press('Enter')
    await page.getByText('You are registered.', { exact: true }).waitFor()
    await context.close()
  })

  it('shows an error next to a malformed dial-out number and registers nothing', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB' })
    const page = await context.newPage()
    await page.goto(`${e2e.server.url}/login?redirectTo=/webinars/universal-acceptance-and-idns`)
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
