import fs from 'node:fs'

import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import { signIn, withServerAndBrowser } from './server'

const e2e = withServerAndBrowser()

async function switchLanguage(page: Page, code: string) {
  // On a phone the language switcher is in the folded menu.
  const menu = page.locator('.menu-button')
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) === 'false') await menu.click()
  await page.locator('#lang-select').selectOption(code)
  await page.locator('.lang-switch button').click()
  await page.waitForLoadState('load')
}

describe('surveys', () => {
  it('a participant answers in French on a phone, with errors next to the fields, and cannot answer twice', async () => {
    // Without JavaScript, a page sent back with its errors keeps the survey's own address
    // (no "?index" a participant might copy or bookmark).
    const noScript = await e2e.browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' })
    const plain = await noScript.newPage()
    await signIn(plain, e2e.server.url, 'participant@example.org')
    await plain.goto(`${e2e.server.url}/surveys/capacity-building-webinars-feedback`)
    await plain.locator('button[name=intent][value=next]').click()
    await plain.getByRole('alert').first().waitFor()
    expect(new URL(plain.url()).pathname).toBe('/surveys/capacity-building-webinars-feedback')
    expect(new URL(plain.url()).search).toBe('')
    await noScript.close()

    const context = await e2e.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'es-ES',
      hasTouch: true,
      isMobile: true,
    })
    const page = await context.newPage()
    await signIn(page, e2e.server.url, 'participant@example.org', {
      email: 'Correo electrónico',
      password: 'Contraseña',
      button: 'Iniciar sesión',
    })
    await switchLanguage(page, 'fr')
    await page.goto(`${e2e.server.url}/surveys/capacity-building-webinars-feedback`)
    await page
      .getByRole('heading', { level: 1, name: 'Webinaires de renforcement des capacités : votre avis' })
      .waitFor()
    await page.getByText('Page 1 sur 2').waitFor()
    // Next without the required answers: the errors sit next to their questions.
    await page.getByRole('button', { name: 'Page suivante' }).click()
    await page.getByRole('alert').waitFor()
    const overall = page.getByRole('group', { name: /Dans l’ensemble, quelle note donneriez-vous/ })
    await overall.getByText('Merci de répondre à cette question.').waitFor()
    await overall.getByLabel('4', { exact: true }).check()
    await page
      .getByRole('group', { name: /Quelle est la probabilité/ })
      .getByLabel('9', { exact: true })
      .check()
    await page
      .getByRole('group', { name: /Dans quelle langue avez-vous surtout suivi/ })
      .getByLabel('Français')
      .check()
    await page
      .getByRole('group', { name: /Comment était l’interprétation/ })
      .getByLabel('Bonne')
      .check()
    await page.getByRole('button', { name: 'Page suivante' }).click()
    await page.getByText('Page 2 sur 2').waitFor()
    await page.getByLabel('Abus du DNS').check()
    await page.getByLabel('Autre chose à nous dire ?').fill('Des sous-titres, s’il vous plaît. <b>Merci</b>')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.getByRole('button', { name: 'Envoyer mes réponses' }).click()
    await page.getByText('Merci ! Vos réponses sont enregistrées.').waitFor()
    await page.getByText('Vos réponses à ce questionnaire sont enregistrées.', { exact: false }).waitFor()
    // The thanks are said once, not twice.
    expect(await page.getByText('Merci !', { exact: false }).count()).toBe(1)
    await page.reload()
    await page.getByText('On ne répond qu’une fois à un questionnaire.', { exact: false }).waitFor()
    await expect(page.getByRole('button', { name: 'Envoyer mes réponses' }).count()).resolves.toBe(0)
    await context.close()
  })

  it('an analyst reads the post-summit results in Spanish, filters to one region, exports CSV and Excel, and prints', async () => {
    const context = await e2e.browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true })
    const page = await context.newPage()
    await signIn(page, e2e.server.url, 'analyst@example.org', {
      email: 'Adresse électronique',
      password: 'Mot de passe',
      button: 'Se connecter',
    })
    await switchLanguage(page, 'es')
    await page.goto(`${e2e.server.url}/analysis/surveys`)
    await page.getByRole('heading', { level: 1, name: 'Encuestas' }).waitFor()
    await page.getByRole('link', { name: 'ATLAS II: encuesta posterior a la cumbre' }).click()
    await page.getByRole('heading', { level: 2, name: 'Quién respondió' }).waitFor()
    const respondents = page.getByRole('status').filter({ hasText: 'personas encuestadas' })
    const all = Number((await respondents.innerText()).match(/\d+/)![0])
    expect(all).toBeGreaterThan(100)
    // Charts are images with a name, and the numbers are in tables.
    await page.getByRole('img', { name: '¿En qué grupo temático estuvo?' }).waitFor()
    await page.getByRole('img', { name: '¿En qué medida está de acuerdo con cada afirmación?' }).waitFor()
    // The cross-tab by region, and free text with the respondent's snapshot.
    const cross = page.getByRole('table', { name: /^«¿En qué grupo temático estuvo\?»/ })
    await cross.getByRole('rowheader', { name: 'AFRALO' }).waitFor()
    await page.getByText('Los grupos temáticos: redacción de verdad, no solo conversación.').first().waitFor()
    // Wide tables scroll inside their frame; the page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    // The file of responses, every respondent.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Descargar las respuestas (CSV)' }).click(),
    ])
    const bytes = fs.readFileSync((await csv.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').trim().split('\n')
    expect(lines[0]).toContain('¿En qué grupo temático estuvo?')
    expect(lines.length - 1).toBe(all)
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Descargar las respuestas (Excel)' }).click(),
    ])
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile((await xlsx.path())!)
    expect(book.worksheets[0].rowCount).toBe(all + 1)
    // Filter to one region.
    await page.getByLabel('Región', { exact: true }).selectOption('AFRALO')
    await page.getByRole('button', { name: 'Aplicar' }).click()
    await page.getByText('con los filtros de arriba').waitFor()
    const afralo = Number((await respondents.innerText()).match(/\d+/)![0])
    expect(afralo).toBeGreaterThan(0)
    expect(afralo).toBeLessThan(all)
    // The page hides some of the region's small figures in this anonymous survey: a file listing
    // its answers one by one would give them back, so the page says there is none rather than
    // offering an empty download.
    await page.getByText('No hay archivo de respuestas para este filtro', { exact: false }).waitFor()
    await expect(page.getByRole('link', { name: 'Descargar las respuestas (CSV)' }).count()).resolves.toBe(0)
    // Printable: the filters and navigation disappear, the results stay.
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByRole('button', { name: 'Aplicar' }).isVisible()).toBe(false)
    expect(await page.getByRole('img', { name: '¿En qué grupo temático estuvo?' }).isVisible()).toBe(true)
    const pdf = await page.pdf({ format: 'A4' })
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF')
    await context.close()
  })
})
