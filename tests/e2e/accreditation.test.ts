import path from 'node:path'

import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'

import { signIn, withServerAndBrowser } from './server'

const e2e = withServerAndBrowser()

/** The link to `route` in the newest mail to `to` that has one (read from the server's outbox). */
function mailedLink(to: string, route: string): string {
  const db = new Database(path.join(e2e.server.dir, 'app.db'), { readonly: true })
  const rows = db.prepare('select text from outbox where to_address = ? order by id desc').all(to) as { text: string }[]
  db.close()
  const text = rows.find((r) => r.text.includes(route))!.text
  return text.match(new RegExp(`https?://\\S+${route}\\S+`))![0]
}

describe('accrediting an At-Large Structure', () => {
  it('an organisation applies in Spanish; staff check it, a RALO leader advises, staff record the ALAC decision; it is listed, then reviewed', async () => {
    const name = 'Asociación de Internautas del Cusco'
    // The applicant (the demo participant reads Spanish).
    const applicantContext = await e2e.browser.newContext({ locale: 'es-ES' })
    const applicant = await applicantContext.newPage()
    await signIn(applicant, e2e.server.url, 'participant@example.org')
    await applicant.goto(`${e2e.server.url}/structures/apply`)
    await applicant
      .getByRole('heading', { level: 1, name: 'Solicitar la acreditación como Estructura de At-Large' })
      .waitFor()
    // Sending it empty shows translated errors and moves the focus to the first field to fix.
    await applicant.getByRole('button', { name: 'Enviar la solicitud' }).click()
    await applicant.locator('#field-name-error').waitFor()
    // The focus moves once the page has rendered the errors (an effect): wait for it, not for a fixed moment.
    await expect.poll(() => applicant.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name')
    await applicant.getByLabel('Nombre de la organización').fill(name)
    await applicant.getByLabel('Región').selectOption('LACRALO')
    await applicant.getByLabel('País').fill('PE')
    await applicant.getByLabel('Qué hace la organización (su misión)').fill('Formamos a usuarios de Internet en Cusco.')
    const answers = applicant.getByRole('group', { name: 'Los criterios de acreditación' }).locator('textarea')
    for (let i = 0; i < (await answers.count()); i++) await answers.nth(i).fill('Sí: lo dicen nuestros estatutos.')
    await applicant.getByRole('button', { name: 'Enviar la solicitud' }).click()
    await applicant.getByRole('heading', { level: 1, name: 'La acreditación de su organización' }).waitFor()
    await applicant.getByText('Solicitud recibida', { exact: true }).first().waitFor()

    // Staff: due diligence, and the LACRALO leader role for the analyst.
    const staffContext = await e2e.browser.newContext({ locale: 'en-GB' })
    const staff = await staffContext.newPage()
    await signIn(staff, e2e.server.url, 'staff@example.org')
    await staff.goto(`${e2e.server.url}/staff/structures?status=applied`)
    await staff.getByRole('link', { name }).click()
    await staff.getByRole('heading', { level: 1, name }).waitFor()
    await staff.getByRole('button', { name: 'Start due diligence' }).click()
    await staff.getByText('Due diligence started; the contact is told.').waitFor()
    const criteria = staff.locator('#checklist form')
    const n = await criteria.count()
    expect(n).toBeGreaterThan(0)
    for (let i = 0; i < n; i++) {
      await staff.locator('#checklist form').nth(i).getByLabel('Met', { exact: true }).check()
      await staff.locator('#checklist form').nth(i).getByRole('button', { name: 'Save' }).click()
      await staff.getByText('Criterion saved.').waitFor()
    }
    await staff.getByRole('button', { name: 'Send to the RALO for advice' }).click()
    await staff.getByText('Sent to the RALO for advice.').waitFor()
    await staff.goto(`${e2e.server.url}/staff/people?q=analyst%40example.org`)
    await staff.getByRole('link', { name: 'André Analyste' }).click()
    await staff.getByLabel('Region they lead').selectOption('LACRALO')
    await staff.getByRole('button', { name: 'Grant RALO leader' }).click()
    await staff.getByText('Role granted.', { exact: false }).waitFor()

    // The LACRALO leader (French) records the RALO's advice.
    const leaderContext = await e2e.browser.newContext({ locale: 'fr-FR' })
    const leader = await leaderContext.newPage()
    await signIn(leader, e2e.server.url, 'analyst@example.org')
    await leader.getByRole('link', { name: 'Bureau RALO' }).click()
    await leader.getByRole('heading', { level: 1, name: 'Bureau de la RALO LACRALO' }).waitFor()
    const application = leader.getByRole('region', { name })
    await application.getByLabel('Soutenir la candidature').check()
    await application.getByRole('button', { name: 'Enregistrer l’avis' }).click()
    await leader.getByText('Avis enregistré', { exact: false }).waitFor()
    await leader.getByText('Aucune candidature n’attend l’avis de votre RALO.').waitFor()

    // Staff record the ALAC's decision; the structure is listed publicly.
    await staff.goto(`${e2e.server.url}/staff/structures?status=alac_decision`)
    await staff.getByRole('link', { name }).click()
    await staff.getByLabel('Accredit', { exact: true }).check()
    await staff.getByLabel('ALAC resolution reference').fill('AL-ALAC-RES-2026-20')
    await staff.getByLabel('Date of the decision').fill('2026-11-24')
    await staff.getByRole('button', { name: 'Record the decision' }).click()
    await staff.getByText('Decision recorded; the contact is told.').waitFor()
    await staff.getByText('Accredited by the ALAC').first().waitFor()
    const publicPage = await (await e2e.browser.newContext({ locale: 'es-ES' })).newPage()
    await publicPage.goto(`${e2e.server.url}/structures`)
    await publicPage
      .getByRole('region', { name: /LACRALO/ })
      .getByText(name)
      .waitFor()

    // Later: the review page shows it falls short (none of its people attended a meeting);
    // staff open a review for it; the contact confirms through the mailed link, once.
    await staff.goto(`${e2e.server.url}/staff/structures/review?below=1`)
    const row = staff.getByRole('row', { name: new RegExp(name) })
    await row.getByText('not met').first().waitFor()
    await row.getByRole('checkbox', { name: `Open a review for ${name}` }).check()
    await staff.getByRole('button', { name: 'Open a review for the selected structures' }).click()
    await staff.getByText('Reviews opened; each contact is asked to confirm.').waitFor()
    await applicant.goto(`${e2e.server.url}/structures/mine`)
    await applicant.getByText('En revisión', { exact: true }).waitFor()
    const link = mailedLink('participant@example.org', '/structures/confirm/')
    const anonymous = await (await e2e.browser.newContext({ locale: 'es-ES' })).newPage()
    await anonymous.goto(link)
    await anonymous.getByRole('heading', { level: 1, name: 'Confirmar los datos de su organización' }).waitFor()
    await anonymous.getByLabel('¿Qué ha hecho la organización en el último año? (opcional)').fill('Dos talleres.')
    await anonymous.getByRole('button', { name: 'Confirmar nuestros datos y actividad' }).click()
    await anonymous.getByRole('heading', { level: 1, name: 'Gracias' }).waitFor()
    await anonymous.goto(link)
    await anonymous.getByText('Este enlace ya se usó: los datos están confirmados.').waitFor()
    for (const c of [applicantContext, staffContext, leaderContext]) await c.close()
  })
})
