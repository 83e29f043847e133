import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startSmtp } from '../helpers/smtp'
import { launchChromium, startServer } from './server'

let smtp: Awaited<ReturnType<typeof startSmtp>>
let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser

beforeAll(async () => {
  smtp = await startSmtp()
  server = await startServer({ SMTP_URL: smtp.url, APP_URL: 'http://localhost:1' })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await smtp?.close()
})

const to = (m: (typeof smtp.messages)[number]) => (m.to && 'text' in m.to ? m.to.text : '')

describe('a newsletter from draft to readers', () => {
  it('previews live, sends to the demo audience in each reader’s language, archives, and the reader chooses her lists', async () => {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' })
    const page = await context.newPage()
    await page.goto(`${server.url}/login?redirectTo=/staff/newsletters`)
    await page.getByLabel('Email address').fill('staff@example.org')
    await page.getByLabel('Password').fill('demo-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { level: 1, name: 'Newsletters' }).waitFor()
    await page.getByRole('link', { name: 'Capacity building: the next webinars' }).click()
    await page.getByRole('heading', { level: 1, name: 'Capacity building: the next webinars' }).waitFor()

    // The live preview fills the schedule block; a Spanish reader would get English with a note.
    const preview = page.frameLocator('iframe[title="Live preview"]')
    const livePane = page.getByRole('region', { name: 'Live preview' })
    await preview.getByRole('heading', { name: 'Upcoming webinars' }).waitFor()
    await livePane.getByLabel('Reader language').selectOption('es')
    await preview.getByText('Este boletín aún no está disponible en su idioma (Español)').waitFor()
    // The versions are tabs; choosing French shows its text and turns the preview to French.
    await page.getByRole('tab', { name: 'French' }).click()
    await expect(livePane.getByLabel('Reader language').inputValue()).resolves.toBe('fr')
    await page
      .getByRole('tabpanel', { name: 'French' })
      .getByLabel('Text (Markdown)')
      .fill('# Les prochains webinaires\n\nÀ bientôt !\n\n{{upcoming-webinars}}\n')
    await preview.getByText('À bientôt !').waitFor()
    expect(await page.locator('#version-en').isHidden()).toBe(true)
    await page.getByRole('button', { name: 'Save the newsletter' }).click()
    await page.getByText('Newsletter saved.').waitFor()

    // Send, and watch it finish.
    await page.getByLabel('I have checked the preview: send this newsletter now').check()
    await page.getByRole('button', { name: /^Send now to \d+ recipients$/ }).click()
    await page.getByText('Sending has started; the progress updates below.').waitFor()
    await page.locator('.badge', { hasText: /^Sent$/ }).waitFor({ timeout: 60_000 })

    const mine = (email: string) => smtp.messages.filter((m) => to(m) === email)
    // Exactly one copy of the issue per reader, for many readers.
    const issue = smtp.messages.filter((m) => m.headerLines.some((h) => h.key === 'list-id'))
    const perReader = new Map<string, number>()
    for (const m of issue) perReader.set(to(m), (perReader.get(to(m)) ?? 0) + 1)
    expect(perReader.size).toBeGreaterThan(100)
    expect([...perReader.values()].every((n) => n === 1)).toBe(true)
    const french = mine('analyst@example.org')
    expect(french).toHaveLength(1)
    expect(french[0].subject).toBe('Renforcement des capacités : les prochains webinaires')
    expect(french[0].text).toContain('À bientôt !')
    const spanish = mine('participant@example.org')
    expect(spanish).toHaveLength(1)
    expect(spanish[0].subject).toBe('Capacity building: the next webinars')
    expect(spanish[0].text).toContain('Este boletín aún no está disponible en su idioma (Español)')

    // The archive has the issue in French.
    await page.goto(`${server.url}/newsletters/capacity-building-season/fr`)
    await page
      .getByRole('heading', { level: 1, name: 'Renforcement des capacités : les prochains webinaires' })
      .waitFor()

    // The Spanish reader opens their preference page from the mail: it speaks Spanish and names the
    // list the mail came from. She leaves Regional news, keeps Summit news and chooses the digest.
    const link = spanish[0].text!.match(/https?:\/\/\S+\/newsletter\/unsubscribe\/[\w-]+\?n=\d+/)![0]
    const reader = await browser.newContext({ locale: 'en-GB' })
    const readerPage = await reader.newPage()
    await readerPage.goto(`${server.url}${new URL(link).pathname}${new URL(link).search}`)
    await readerPage.getByRole('heading', { level: 1, name: 'Sus preferencias de correo' }).waitFor()
    await readerPage.getByText('Se envió a la lista “Seminarios web de fortalecimiento de capacidades”.').waitFor()
    const regional = readerPage.getByRole('checkbox', { name: 'Noticias regionales — LACRALO' })
    const summit = readerPage.getByRole('checkbox', { name: 'Noticias de la cumbre' })
    await expect(regional.isChecked()).resolves.toBe(true)
    await expect(summit.isChecked()).resolves.toBe(true)
    await regional.uncheck()
    await readerPage.getByRole('radio', { name: 'Un resumen mensual en su lugar' }).check()
    await readerPage.getByRole('button', { name: 'Guardar mis preferencias' }).click()
    await readerPage.getByText('Sus preferencias se han guardado.').waitFor()
    await expect(readerPage.getByRole('checkbox', { name: 'Noticias regionales — LACRALO' }).isChecked()).resolves.toBe(
      false,
    )
    await expect(readerPage.getByRole('checkbox', { name: 'Noticias de la cumbre' }).isChecked()).resolves.toBe(true)
    await expect(readerPage.getByRole('radio', { name: 'Un resumen mensual en su lugar' }).isChecked()).resolves.toBe(
      true,
    )
    // "All lists" stays one click away, and undoes itself.
    await readerPage.getByRole('button', { name: 'Darme de baja de todas las listas' }).click()
    await readerPage.getByText('participant@example.org se ha dado de baja de todas las listas').waitFor()
    await readerPage.getByRole('button', { name: 'Volver a suscribirme' }).waitFor()
    await reader.close()
    await context.close()
  })
})
