import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'

import { getDb } from '#db/client'
import { isLanguage } from '~/i18n'
import { fixedT } from '~/i18n.server'
import { parseWholeNumber } from '~/lib/validation'
import { recordClick } from '~/services/newsletters/clicks.server'
import { getViewer } from '~/viewer.server'

/**
 * A newsletter link: counts one click for that link and language (nobody's name is kept)
 * and sends the reader on. Only links the newsletter contains, signed when it was sent,
 * are followed; anything else gets a 400 in the reader's language, never a redirect.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const newsletterId = parseWholeNumber(params.newsletterId)
  const language = params.lang
  if (newsletterId !== null && isLanguage(language)) {
    const result = recordClick(getDb(), {
      newsletterId,
      language,
      url: url.searchParams.get('u') ?? '',
      sig: url.searchParams.get('s') ?? '',
    })
    if (result.ok)
      return redirect(result.url, { headers: { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' } })
  }
  const { language: viewerLanguage } = await getViewer(request)
  return new Response(fixedT(viewerLanguage, 'newsletters')('newsletters.badLink'), {
    status: 400,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}
