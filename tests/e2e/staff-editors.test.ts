import { describe, expect, it } from 'vitest'

import { signIn, withServerAndBrowser } from './server'

const e2e = withServerAndBrowser()

describe('the staff editors', () => {
  it('the survey builder warns about an empty survey, shows only the fields a kind uses, and empties after a question is added', async () => {
    const page = await (await e2e.browser.newContext({ locale: 'en-GB' })).newPage()
    await signIn(page, e2e.server.url, 'staff@example.org')
    await page.goto(`${e2e.server.url}/staff/surveys`)
    await page.locator('input[name=title_en]').fill('Editors test survey')
    await page.locator('input[name=title_fr]').fill('Questionnaire de test')
    await page.locator('input[name=title_es]').fill('Encuesta de prueba')
    await page.locator('form:has(input[name=title_en]) button[type=submit]').click()
    await page.waitForURL(/\/staff\/surveys\/\d+/)
    await page.getByText('This survey has no questions yet', { exact: false }).waitFor()

    const kind = page.getByLabel('Kind', { exact: true })
    await kind.selectOption('number')
    expect(await page.locator('#field-options').isHidden()).toBe(true)
    expect(await page.locator('#field-minValue').isVisible()).toBe(true)
    await kind.selectOption('single')
    expect(await page.locator('#field-options').isVisible()).toBe(true)
    expect(await page.locator('#field-minValue').isHidden()).toBe(true)
    await page.locator('#field-text_en').fill('Which session helped most?')
    await page.locator('#field-text_fr').fill('Quelle session vous a le plus aidé ?')
    await page.locator('#field-text_es').fill('¿Qué sesión le ayudó más?')
    await page.locator('#field-options').fill('DNS abuse\nUniversal acceptance')
    await page.locator('input[name=required]').check()
    await page.locator('form:has(input[value=question]) button[type=submit]').click()
    await page.getByText('Question added.').waitFor()
    await page.getByText('Which session helped most?').waitFor()
    expect(await page.inputValue('#field-text_en')).toBe('')
    expect(await page.inputValue('#field-options')).toBe('')
    expect(await page.locator('input[name=required]').isChecked()).toBe(false)
    expect(await page.getByText('This survey has no questions yet', { exact: false }).count()).toBe(0)
  })

  it('the newsletter editor keeps its "saved" notice while the live preview refreshes, and opens the preview as a reader', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB' })
    const page = await context.newPage()
    await signIn(page, e2e.server.url, 'staff@example.org')
    await page.goto(`${e2e.server.url}/staff/newsletters`)
    await page.getByRole('link', { name: 'Capacity building: the next webinars' }).click()
    // Once interactive the versions fold into tabs and the button moves, and the first preview
    // then fills its frame: wait for both, so the click lands on a settled page.
    await page.getByRole('tab', { name: 'English' }).waitFor()
    await page.locator('iframe.mail-frame').waitFor()
    await page.getByRole('button', { name: 'Save', exact: false }).first().click()
    await page.getByText('Newsletter saved.').waitFor()
    // The live preview refreshes after the save; the notice must still be there.
    await page.locator('iframe.mail-frame').waitFor()
    await page.waitForTimeout(500)
    expect(await page.getByText('Newsletter saved.').count()).toBe(1)
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Open the preview' }).click(),
    ])
    await popup.waitForLoadState()
    expect(popup.url()).toContain('/preview')
    // The notice belongs to that page: the next page does not show it.
    await page.getByRole('link', { name: 'All newsletters' }).click()
    await page.getByRole('heading', { level: 1, name: 'Newsletters' }).waitFor()
    expect(await page.getByText('Newsletter saved.').count()).toBe(0)
  })
})
