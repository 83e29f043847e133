import { describe, expect, it } from 'vitest'

import { signIn, withServerAndBrowser } from './server'

const e2e = withServerAndBrowser()

describe('the community directory', () => {
  it('a French-speaking staff member imports a list, fixes a row, finds a person, grants analyst and merges two duplicates', async () => {
    const context = await e2e.browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' })
    const page = await context.newPage()
    await signIn(page, e2e.server.url, 'staff@example.org')
    // The demo staff member reads English; she switches the app to French.
    await page.getByLabel('Language').selectOption('fr')
    await page.getByRole('button', { name: 'Change' }).click()
    await page.waitForFunction(() => document.documentElement.lang === 'fr')

    // Import a list exported from a spreadsheet: semicolons, a BOM, one row with an unknown region.
    await page.goto(`${e2e.server.url}/staff/people/import`)
    await page.getByRole('heading', { level: 1, name: 'Importer des personnes' }).waitFor()
    const csv =
      '\ufeffNom;Adresse e-mail;Langue;Région\r\nMariam Traoré;mariam.traore@example.ml;fr;AFRALO\r\n' +
      'Jean Dubois;jean.dubois@example.fr;fr;Atlantide\r\n'
    await page.getByLabel('Liste de contacts').setInputFiles({
      name: 'contacts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    })
    await page.getByRole('button', { name: 'Téléverser et prévisualiser' }).click()
    const row = page.getByRole('form', { name: 'Ligne 3' })
    await row.waitFor()
    await row.getByLabel('Région').fill('EURALO')
    await row.getByRole('button', { name: 'Enregistrer cette ligne' }).click()
    await page.getByRole('button', { name: 'Importer : 2 nouvelles, 0 à mettre à jour' }).click()
    // The import's page: the worker imports the list, and the page refreshes itself until it is done.
    await page.getByRole('heading', { level: 1, name: /contacts\.csv/ }).waitFor()
    await page.locator('.stat-row li', { hasText: /2\s+créées/ }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'Ce qu’il a fait' }).waitFor()

    // Find her whatever the accents, and grant her the analyst role.
    await page.goto(`${e2e.server.url}/staff/people`)
    await page.getByLabel('Nom ou adresse').fill('mariam traore')
    await page.getByRole('button', { name: 'Afficher' }).click()
    await page.getByRole('link', { name: 'Mariam Traoré' }).click()
    await page.getByRole('heading', { level: 1, name: 'Mariam Traoré' }).waitFor()
    await page.getByRole('button', { name: 'Donner le rôle Analyste' }).click()
    await page.getByText('Rôle donné.', { exact: false }).waitFor()
    await page.getByRole('button', { name: 'Retirer le rôle Analyste' }).waitFor()

    // The row fixed in the preview was imported with the corrected region.
    await page.goto(`${e2e.server.url}/staff/people?q=jean.dubois&region=EURALO`)
    await page.getByRole('link', { name: 'Jean Dubois' }).waitFor()

    // Merge a pair from the possible duplicates.
    await page.goto(`${e2e.server.url}/staff/people/duplicates`)
    await page.getByRole('heading', { level: 1, name: 'Doublons possibles' }).waitFor()
    const before = await page.getByRole('link', { name: 'Comparer et fusionner' }).count()
    expect(before).toBeGreaterThan(0)
    await page.getByRole('link', { name: 'Comparer et fusionner' }).first().click()
    await page.getByRole('heading', { level: 1, name: 'Fusionner deux fiches' }).waitFor()
    // Merging cannot be undone: the page names both people and what moves, and asks once.
    await page.getByRole('checkbox', { name: /^J’ai compris : .+ sera supprimée définitivement/ }).check()
    await page.getByRole('button', { name: /^Fusionner .+ dans / }).click()
    await page.getByText('Fiches fusionnées.', { exact: false }).waitFor()
    await page.goto(`${e2e.server.url}/staff/people/duplicates`)
    await expect(page.getByRole('link', { name: 'Comparer et fusionner' }).count()).resolves.toBeLessThan(before)
    await context.close()
  })
})
