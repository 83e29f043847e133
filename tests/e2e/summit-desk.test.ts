import { describe, expect, it } from 'vitest'

import { withServerAndBrowser } from './server'

const e2e = withServerAndBrowser()

describe('the venue desk on a phone', () => {
  it('finds a participant by name and checks them in, on a 390×844 screen', async () => {
    const context = await e2e.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'en-GB',
      hasTouch: true,
      isMobile: true,
    })
    const page = await context.newPage()
    await page.goto(`${e2e.server.url}/login?redirectTo=/staff/summits`)
    await page.getByLabel('Email address').fill('staff@example.org')
    await page.getByLabel('Password').fill('demo-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { level: 1, name: 'Summits' }).waitFor()
    await page.getByRole('link', { name: 'Venue desk check-in' }).first().click()
    await page.getByRole('heading', { level: 1, name: /^Check-in:/ }).waitFor()
    // The desk has the whole screen: no site header, no staff menu, its own way back.
    expect(await page.locator('header.site-header').count()).toBe(0)
    expect(await page.getByRole('navigation', { name: 'Staff area' }).count()).toBe(0)
    await page.getByRole('link', { name: /Leave the desk/ }).waitFor()
    const counts = page.getByRole('status').filter({ hasText: 'confirmed participants checked in' })
    const before = await counts.innerText()

    // Matches appear as you type, without pressing Find.
    const search = page.getByLabel('Find a participant (name or structure)')
    await search.pressSequentially('Lucía', { delay: 30 })
    // The demo data has everyone checked in already: undo, then check in again.
    await page.getByRole('button', { name: 'Undo: Lucía Participante' }).click()
    await page.getByText('Check-in undone: Lucía Participante').waitFor()
    await expect.poll(() => counts.innerText()).not.toBe(before)
    await page.getByRole('button', { name: 'Check in: Lucía Participante' }).click()
    await page.getByText(/^Checked in: Lucía Participante at /).waitFor()
    await expect.poll(() => counts.innerText()).toBe(before)
    // The desk kept its search for the next person.
    expect(await search.inputValue()).toBe('Lucía')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    // The door of one session: the closing plenary.
    const closing = await page.locator('#check-in-where option', { hasText: 'Closing plenary' }).getAttribute('value')
    await page.getByLabel('Checking in for').selectOption(closing!)
    await page.getByRole('button', { name: 'Switch' }).click()
    await page.getByRole('heading', { level: 2, name: 'Closing plenary' }).waitFor()
    const attended = page.getByRole('status').filter({ hasText: 'confirmed participants attended' })
    const doorBefore = Number((await attended.innerText()).match(/^\d+/)![0])
    await page.getByLabel('Find a participant (name or structure)').fill('Lucía')
    await page.getByRole('button', { name: 'Find' }).click()
    // Whether or not the demo data has her at this session, toggle twice and come back to the same count.
    const toggle = page.getByRole('button', { name: /^(Undo|Check in): Lucía Participante$/ })
    await toggle.waitFor()
    await toggle.click()
    await expect.poll(async () => Number((await attended.innerText()).match(/^\d+/)![0])).not.toBe(doorBefore)
    await toggle.click()
    await expect.poll(async () => Number((await attended.innerText()).match(/^\d+/)![0])).toBe(doorBefore)
    await page.getByRole('heading', { level: 2, name: 'Closing plenary' }).waitFor()
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await context.close()
  })
})
