import { describe, expect, it } from 'vitest'

import { signIn, withServerAndBrowser } from './server'

const e2e = withServerAndBrowser()

describe('participation metrics and the status report', () => {
  it('an analyst reads the French dashboard, opens the records behind a figure, and prints the tracker in French', async () => {
    const context = await e2e.browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' })
    const page = await context.newPage()
    await signIn(page, e2e.server.url, 'analyst@example.org', {
      email: 'Adresse électronique',
      password: 'Mot de passe',
      button: 'Se connecter',
    })
    await page.goto(`${e2e.server.url}/analysis/participation`)
    await page.getByRole('heading', { level: 1, name: 'Participation' }).waitFor()
    const table = page.getByRole('table', { name: 'Participation par région sur la période' })
    await table.waitFor()
    await expect(page.getByRole('img', { name: /Enregistrements de participation par région/ }).count()).resolves.toBe(
      1,
    )
    // EURALO's meetings figure opens exactly that many records.
    const euralo = table.getByRole('row', { name: /^EURALO/ })
    const figure = euralo.getByRole('link').nth(1)
    const count = Number((await figure.innerText()).replace(/\D/g, ''))
    expect(count).toBeGreaterThan(0)
    await figure.click()
    await page.getByRole('heading', { level: 1, name: 'Enregistrements de participation' }).waitFor()
    await page
      .getByText(new RegExp(`^${count.toLocaleString('fr-FR').replace(/\s/g, '\\s')} enregistrements`))
      .waitFor()

    // The implementation tracker as a printed report in French.
    await page.goto(`${e2e.server.url}/analysis/tracker`)
    await page.getByRole('heading', { level: 1, name: 'Suivi de la mise en œuvre' }).waitFor()
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('nav.side-nav').isVisible()).toBe(false)
    expect(await page.getByRole('heading', { level: 1, name: 'Suivi de la mise en œuvre' }).isVisible()).toBe(true)
    const pdf = await page.pdf({ format: 'A4' })
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF')
    // The six-monthly progress update of the second half of 2020, in French, then in Spanish.
    await page.emulateMedia({ media: 'screen' })
    await page.getByRole('link', { name: '1er juillet 2020 – 31 décembre 2020' }).click()
    await page.getByRole('heading', { level: 1, name: 'Mise en œuvre de la révision At-Large : mise à jour' }).waitFor()
    await page.getByText("Reporté : Déploiement de l'outil CRM par l'organisation ICANN").first().waitFor()
    await page.getByRole('link', { name: 'En español' }).click()
    await page
      .getByRole('heading', { level: 1, name: 'Implementación de la revisión de At-Large: actualización' })
      .waitFor()
    const update = await page.pdf({ format: 'A4' })
    expect(update.subarray(0, 4).toString()).toBe('%PDF')
    await context.close()
  })

  it('staff paste an attendance list: known people are stored, the unknown line is reported, then created and added', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB' })
    const page = await context.newPage()
    await signIn(page, e2e.server.url, 'staff@example.org')
    await page.goto(`${e2e.server.url}/staff/working-groups`)
    await page.getByRole('link', { name: 'Consolidated Policy Working Group (CPWG)' }).click()
    await page.getByRole('heading', { level: 1, name: 'Consolidated Policy Working Group (CPWG)' }).waitFor()
    await page.getByRole('link', { name: 'Meetings and attendance' }).click()
    await page.getByLabel('Attendees').fill('Lucía <participant@example.org>\nSomeone <nobody@example.com>')
    await page.getByRole('button', { name: 'Save attendance' }).click()
    await page.getByText(/^1 attendances stored|^0 attendances stored, 1 already recorded/).waitFor()
    await page.getByRole('listitem').filter({ hasText: 'nobody has this address' }).waitFor()
    // The unknown line becomes a person, named from the line, and their attendance is stored.
    await page.getByRole('button', { name: 'Create 1 person and add them' }).click()
    await page.getByText('1 attendances stored, 0 already recorded.').waitFor()
    await page.goto(`${e2e.server.url}/staff/people?q=nobody%40example.com`)
    await page.getByRole('link', { name: 'Someone' }).waitFor()
    await context.close()
  })
})
