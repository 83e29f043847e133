import crypto from 'node:crypto'
import { PassThrough } from 'node:stream'

import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'

import { isLanguage } from './i18n'
import { i18nForRequest, resolveLanguage } from './i18n.server'
import { contentSecurityPolicy } from './lib/csp.server'
import { NonceContext } from './lib/nonce'

const ABORT_DELAY = 5_000

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The Express server makes a nonce per response; a direct call (tests) gets one here.
  const nonce =
    typeof loadContext?.cspNonce === 'string' ? loadContext.cspNonce : crypto.randomBytes(16).toString('base64')
  const rootData = remixContext.staticHandlerContext.loaderData?.root as { language?: string } | undefined
  // Without the root's data (an action failed before it ran), the language comes from the request itself.
  const language = isLanguage(rootData?.language) ? rootData.language : await resolveLanguage(request)
  const i18n = i18nForRequest(language)
  const callback = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'

  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceContext.Provider>,
      {
        nonce,
        [callback]() {
          shellRendered = true
          const body = new PassThrough()
          const stream = createReadableStreamFromReadable(body)
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          responseHeaders.set('Content-Security-Policy', contentSecurityPolicy(nonce))
          // A busy or read-only database (DatabaseUnavailable) is a 503: say when to come back.
          if (responseStatusCode === 503) responseHeaders.set('Retry-After', '2')
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }))
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}

/** Data requests (client navigations, form posts) answered 503 also say when to come back. */
export function handleDataRequest(response: Response) {
  if (response.status === 503) response.headers.set('Retry-After', '2')
  return response
}
