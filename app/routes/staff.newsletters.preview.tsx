/** Live preview while writing: the unsaved text rendered as the mail, in the staff member's zone. */
import type { ActionFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { LANGUAGES } from '#db/domain'
import { chooseVersion, renderNewsletterMail, type VersionText } from '#emails/newsletter'
import { baseUrl, requireRole } from '~/guards.server'
import { isLanguage } from '~/i18n'
import { readForm } from '~/lib/form.server'
import { loadBlockData, unsubscribeUrl } from '~/services/newsletters/rendering.server'

export async function loader() {
  throw new Response('Method not allowed', { status: 405 })
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const form = await readForm(request)
  const field = (name: string) => String(form.get(name) ?? '').slice(0, 100_000)
  const versions: VersionText[] = LANGUAGES.map((language) => ({
    language,
    subject: field(`subject_${language}`).replace(/[\r\n]+/g, ' '),
    preheader: field(`preheader_${language}`).replace(/[\r\n]+/g, ' '),
    bodyMarkdown: field(`body_${language}`).replace(/\r\n/g, '\n'),
    complete: form.get(`complete_${language}`) === 'on',
  })).filter((v) => v.subject || v.bodyMarkdown.trim())
  const requested = form.get('previewLanguage')
  const language = isLanguage(requested) ? requested : 'en'
  // What this reader would get: their version if complete, else English with the note.
  const chosen =
    chooseVersion(versions, language) ??
    (versions.length ? { version: versions[0], fallback: versions[0].language !== language } : null)
  if (!chosen) return { html: null }
  const base = baseUrl()
  const mail = renderNewsletterMail({
    chosen,
    reader: { language, timeZone: staff.timeZone },
    blocks: loadBlockData(getDb(), new Date()),
    links: { unsubscribeUrl: unsubscribeUrl(base, 'preview'), archiveUrl: `${base}/newsletters` },
    baseUrl: base,
  })
  return { html: mail.html }
}
