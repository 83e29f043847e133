import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startSmtp } from '../helpers/smtp'
import { launchChromium, signIn, startServer } from './server'

let smtp: Awaited<ReturnType<typeof startSmtp>>
let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser

beforeAll(async () => {
  smtp = await startSmtp()
  server = await startServer({ SMTP_URL: smtp.url, APP_URL: 'https://app.example.org', ALLOW_DEMO_ACCOUNTS: '1' })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await smtp?.close()
})

const to = (m: (typeof smtp.messages)[number]) => (m.to && 'text' in m.to ? m.to.text : '')
async function mailTo(address: string, subject: RegExp) {
  for (let i = 0; i < 100; i++) {
    const m = smtp.messages.find((x) => to(x) === address && subject.test(x.subject ?? ''))
    if (m) return m
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`no mail to ${address} matching ${subject}`)
}

/** Three seconds of a quiet 440 Hz tone, as a WAV file: a recording Chromium can play. */
function toneWav(seconds = 3, rate = 8000): Buffer {
  const samples = seconds * rate
  const b = Buffer.alloc(44 + samples * 2)
  b.write('RIFF', 0)
  b.writeUInt32LE(36 + samples * 2, 4)
  b.write('WAVEfmt ', 8)
  b.writeUInt32LE(16, 16)
  b.writeUInt16LE(1, 20)
  b.writeUInt16LE(1, 22)
  b.writeUInt32LE(rate, 24)
  b.writeUInt32LE(rate * 2, 28)
  b.writeUInt16LE(2, 32)
  b.writeUInt16LE(16, 34)
  b.write('data', 36)
  b.writeUInt32LE(samples * 2, 40)
  for (let i = 0; i < samples; i++)
    b.writeInt16LE(Math.round(2000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2)
  return b
}

async function staffPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' })
  const page = await context.newPage()
  await signIn(page, server.url, 'staff@example.org')
  return page
}

describe('interpretation operations', () => {
  it('assigns two French interpreters who get the prep pack with the flagged slides, cancels the Spanish booth and tells its registrant, and plays French captions after the event', async () => {
    // A Spanish participant registers for the webinar on the Spanish channel.
    const lucia = await (await browser.newContext({ locale: 'es-ES' })).newPage()
    await signIn(lucia, server.url, 'participant@example.org')
    await lucia.goto(`${server.url}/webinars/universal-acceptance-and-idns`)
    await lucia.getByLabel('Idioma de interpretación').selectOption('es')
    await lucia.getByRole('button', { name: /^(Inscribirse|Guardar cambios|Unirse a la lista de espera)$/ }).click()
    await lucia.getByRole('status').waitFor()

    const page = await staffPage()
    await page.goto(`${server.url}/staff/webinars`)
    await page.getByRole('link', { name: 'Universal Acceptance and IDNs' }).first().click()
    await page.getByRole('link', { name: '0 of 3 booths covered' }).click()
    await page.getByRole('heading', { level: 1, name: 'Interpretation booths' }).waitFor()
    for (const name of ['Claire Dubois', 'Marc Lefèvre']) {
      await page
        .getByLabel('Add to the French booth')
        .selectOption({ label: `${name} (Conference Interpreters Geneva)` })
      await page
        .getByRole('region', { name: /French booth/ })
        .getByRole('button', { name: 'Assign' })
        .click()
      await page.getByText('Interpreter assigned').first().waitFor()
    }
    await page
      .getByRole('region', { name: /French booth/ })
      .getByText('Covered')
      .waitFor()

    // Slides flagged for the interpreters.
    await page.getByRole('link', { name: 'Universal Acceptance and IDNs' }).click()
    await page.getByRole('link', { name: 'Materials' }).click()
    await page.getByLabel('Title').fill('UA speaker slides')
    await page.getByLabel('Link (https://)').fill('https://files.example.org/ua-slides.pdf')
    await page.getByLabel('For interpreters (goes in their prep pack)').check()
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await page.getByText('For interpreters', { exact: true }).first().waitFor()

    // The webinar is 46 days away: staff send the pack 50 days before, i.e. now.
    await page.getByRole('link', { name: 'Prep pack for interpreters' }).click()
    await page.getByLabel('Send the pack this many days before the start').fill('50')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('status').waitFor()
    for (const address of ['claire.dubois@interpret.example', 'marc.lefevre@interpret.example']) {
      const pack = await mailTo(address, /^Dossier de préparation/)
      expect(pack.subject).toBe('Dossier de préparation : Acceptation universelle et IDN')
      expect(pack.text).toContain('UA speaker slides')
      expect(pack.text).toContain('https://files.example.org/ua-slides.pdf')
      // The glossary extract: IDN from the title, in the three languages.
      expect(pack.text).toMatch(/^IDN\nEN Internationali[sz]ed Domain Name/m)
    }
    await page.reload()
    const frenchBooth = page.getByRole('region', { name: 'French booth' })
    await expect(frenchBooth.getByText(/^Pack, .*: UA speaker slides · 1 term$/).count()).resolves.toBe(2)

    // The forecast, and the Spanish booth cancelled.
    await page.goto(page.url().replace(/\/prep$/, '/forecast'))
    const spanish = page.getByRole('region', { name: /^Spanish/ })
    const registered = Number(await spanish.locator('dt:text("Registered") + dd').innerText())
    expect(registered).toBeGreaterThanOrEqual(1)
    // Cancelling asks once, saying how many registrants are mailed.
    await spanish.locator('summary', { hasText: 'Cancel the Spanish booth' }).click()
    await spanish
      .getByLabel('Why (shown to staff; the mail gives the other channels)')
      .fill('Not enough Spanish speakers registered.')
    await spanish.getByRole('button', { name: 'Cancel the Spanish booth' }).click()
    await spanish.getByText('Tick the box to cancel the booth', { exact: false }).waitFor()
    await spanish
      .getByRole('checkbox', {
        name: `I understand: the Spanish booth is cancelled and its ${registered} registrant${registered === 1 ? ' is' : 's are'} told by mail now. This cannot be undone.`,
      })
      .check()
    await spanish.getByRole('button', { name: 'Cancel the Spanish booth' }).click()
    await page.getByText('Booth cancelled. Its registrants are being told, in their language.').waitFor()
    await page
      .getByRole('region', { name: /^Spanish/ })
      .getByText('Cancelled')
      .waitFor()
    const told = await mailTo('participant@example.org', /^Interpretación al español cancelada/)
    expect(told.subject).toBe('Interpretación al español cancelada: Aceptación universal e IDN')
    expect(told.text).toContain('Not enough Spanish speakers registered.')
    expect(told.text).toMatch(/en inglés \(ID de conferencia \d+\)/)
    expect(told.text).toContain('https://app.example.org/webinars/universal-acceptance-and-idns')
    // Her page no longer offers Spanish.
    await lucia.goto(`${server.url}/webinars/universal-acceptance-and-idns`)
    const channels = await lucia.getByLabel('Idioma de interpretación').locator('option').allInnerTexts()
    expect(channels).not.toContain('Español')
    await lucia
      .getByText('Se canceló la interpretación «Español». Elija otro canal abajo y guarde; conserva su plaza.')
      .waitFor()
    // Statement summaries mark their first glossary terms, expanded in her language.
    await lucia.goto(`${server.url}/statements`)
    const term = lucia.locator('main abbr[title]').first()
    await expect(term.getAttribute('title')).resolves.toMatch(/^(Sistema|Corporación|Comité|Estructura)/)

    // After an event: French captions uploaded by staff play on the recording page.
    await page.goto(`${server.url}/staff/webinars`)
    await page.getByRole('link', { name: 'Communications', exact: true }).click()
    await page.getByRole('link', { name: 'Materials' }).click()
    await page.getByLabel('Language of the captions').selectOption('fr')
    await page.getByLabel('Caption file (.vtt)').setInputFiles({
      name: 'bad.vtt',
      mimeType: 'text/vtt',
      buffer: Buffer.from('WEBVTT\n\n00:00:00.500 -> 00:00:02.500\nBonjour\n'),
    })
    await page.getByRole('button', { name: 'Upload the captions' }).click()
    await page.getByText(/^Line 3: a caption’s times are not valid/).waitFor()
    await page.getByLabel('Language of the captions').selectOption('fr')
    await page.getByLabel('Caption file (.vtt)').setInputFiles({
      name: 'fr.vtt',
      mimeType: 'text/vtt',
      buffer: Buffer.from('WEBVTT\n\n00:00:00.500 --> 00:00:02.500\nBonjour à toutes et à tous.\n'),
    })
    await page.getByRole('button', { name: 'Upload the captions' }).click()
    await page.getByText('Captions saved.').waitFor()

    const analyst = await (await browser.newContext({ locale: 'fr-FR' })).newPage()
    await analyst.route('https://community.example.org/atlas-ii/webinars/atlas-ii-communications/recording-fr', (r) =>
      r.fulfill({ status: 200, contentType: 'audio/wav', body: toneWav() }),
    )
    await signIn(analyst, server.url, 'analyst@example.org')
    await analyst.goto(`${server.url}/webinars/atlas-ii-communications`)
    await analyst.getByRole('heading', { name: 'Enregistrement', exact: true }).waitFor()
    await analyst.getByText('Bonjour à toutes et à tous.').waitFor()
    const cue = await analyst.locator('video').evaluate(
      (v: HTMLVideoElement) =>
        new Promise<{ mode: string; text: string; time: number }>((resolve, reject) => {
          const track = [...v.textTracks].find((t) => t.language === 'fr')
          if (!track) return reject(new Error('no French track'))
          const timer = setTimeout(() => reject(new Error(`no cue, readyState ${v.readyState}`)), 10_000)
          v.muted = true
          v.addEventListener('timeupdate', () => {
            const active = track.activeCues?.[0] as VTTCue | undefined
            if (active && v.currentTime > 0.6) {
              clearTimeout(timer)
              resolve({ mode: track.mode, text: active.text, time: v.currentTime })
            }
          })
          void v.play()
        }),
    )
    expect(cue.mode).toBe('showing')
    expect(cue.text).toBe('Bonjour à toutes et à tous.')
  }, 120_000)
})
