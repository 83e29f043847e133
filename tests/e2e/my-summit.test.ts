import { describe, it } from 'vitest'

import { withServerAndBrowser } from './server'

const e2e = withServerAndBrowser()

describe('a participant’s own summit page', () => {
  it('in Spanish: sees status, group and programme, completes the missing travel details, and gets a clear error first', async () => {
    const context = await e2e.browser.newContext({ locale: 'es-ES', timezoneId: 'America/Bogota' })
    const page = await context.newPage()
    await page.goto(`${e2e.server.url}/login?redirectTo=/summits/atlas-ii-london-2014`)
    await page.getByLabel('Correo electrónico').fill('participant@example.org')
    await page.getByLabel('Contraseña').fill('demo-password')
    await page.getByRole('button', { name: 'Iniciar sesión' }).click()
    await page.getByRole('link', { name: 'Mi cumbre: estado, viaje y programa' }).click()
    await page.getByRole('heading', { level: 1, name: /^Mi cumbre:/ }).waitFor()
    await page.getByText('Confirmado', { exact: true }).waitFor()
    await page
      .getByText(/^Thematic Group \d|Grupo temático/)
      .first()
      .waitFor()
    await page.getByRole('link', { name: 'Añadir todo el programa a mi calendario (.ics)' }).waitFor()
    // Her programme in Spanish, with London times, rooms and a calendar link per session.
    await page.getByRole('heading', { level: 2, name: 'Programa' }).waitFor()
    await page.getByText('Plenaria de apertura').waitFor()
    await page.getByText('Horas locales de la sede (Europe/London).').waitFor()
    await page.getByRole('link', { name: 'Añadir a mi calendario: Plenaria de clausura' }).waitFor()
    // The demo data lacks an emergency contact.
    await page.getByText('El equipo de viajes todavía necesita:').waitFor()
    const emergency = page.getByRole('group', { name: 'Contacto de emergencia' })
    await emergency.getByLabel('Nombre').fill('Ana Participante')
    await emergency.getByLabel('Teléfono').fill('llámame')
    await page.getByRole('button', { name: 'Guardar mis datos de viaje' }).click()
    await page.getByRole('alert').waitFor()
    await emergency.getByLabel('Teléfono').fill('+57 1 234 5678')
    await page.getByRole('button', { name: 'Guardar mis datos de viaje' }).click()
    await page.getByText('Datos de viaje guardados.').waitFor()
    await page.getByText('El equipo de viajes tiene todo lo que necesita. ¡Gracias!').waitFor()
    // The practical page, in Spanish.
    await page.getByRole('link', { name: 'Información práctica' }).click()
    await page.getByRole('heading', { level: 1, name: /^Información práctica:/ }).waitFor()
    await page.getByText(/La ciudad de Londres es la sede/).waitFor()
    // Her visa invitation letter, printable, in English for the consulate.
    await page.goto(`${e2e.server.url}/summits/atlas-ii-london-2014/visa-letter`)
    await page.getByRole('heading', { level: 1, name: 'Letter of invitation' }).waitFor()
    await page.getByText('Lucía Participante').first().waitFor()
    await context.close()
  })
})
