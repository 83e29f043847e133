/**
 * Mail rendering: React to static HTML (escaping is React's); the plain-text part is
 * derived from that HTML (`mailText`), never written by hand. Every message is rendered
 * in the recipient's language.
 */
import type { ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'

import type { Language } from '#db/schema'

import { mailText } from './text.server'

export type RenderedMail = { subject: string; html: string; text: string }

/** The frame every mail shares: a centred white card on grey; `children` are its table rows. */
export function mailDocument(language: Language, title: string, children: ReactNode, preheader?: string): string {
  return (
    '<!doctype html>' +
    renderToStaticMarkup(
      <html lang={language}>
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title}</title>
        </head>
        <body
          style={{
            margin: 0,
            padding: 0,
            background: '#f4f5f7',
            fontFamily: 'Arial, Helvetica, sans-serif',
            color: '#1b1f24',
          }}
        >
          {preheader ? (
            <div data-text="skip" style={{ display: 'none', maxHeight: 0, overflow: 'hidden', opacity: 0 }}>
              {preheader}
            </div>
          ) : null}
          <table role="presentation" width="100%" cellPadding={0} cellSpacing={0}>
            <tbody>
              <tr>
                <td align="center" style={{ padding: '24px 12px' }}>
                  <table
                    role="presentation"
                    width="600"
                    cellPadding={0}
                    cellSpacing={0}
                    style={{ width: '100%', maxWidth: 600, background: '#ffffff', borderRadius: 6 }}
                  >
                    <tbody>{children}</tbody>
                  </table>
                </td>
              </tr>
            </tbody>
          </table>
        </body>
      </html>,
    )
  )
}

export function renderMail({
  language,
  subject,
  body,
  footer,
}: {
  language: Language
  subject: string
  body: ReactNode
  footer: string
}): RenderedMail {
  const html = mailDocument(
    language,
    subject,
    <>
      <tr>
        <td style={{ padding: '24px 28px', fontSize: 16, lineHeight: 1.5 }}>{body}</td>
      </tr>
      <tr>
        <td data-text="signature" style={{ padding: '12px 28px 24px', fontSize: 12, color: '#5b6470' }}>
          {footer}
        </td>
      </tr>
    </>,
  )
  return { subject, html, text: mailText(html) }
}

/**
 * A step someone is told about: greeting, what happened, the reason when there is one,
 * what comes next, and a button to their page.
 */
export function renderStepMail({
  language,
  subject,
  greeting,
  intro,
  reason,
  next,
  button,
  url,
  footer,
}: {
  language: Language
  subject: string
  greeting: string
  intro: string
  reason: string | null
  next: string
  button: string
  url: string
  footer: string
}): RenderedMail {
  return renderMail({
    language,
    subject,
    body: (
      <>
        <p>{greeting}</p>
        <p>{intro}</p>
        {reason ? <p>{reason}</p> : null}
        <p>{next}</p>
        <p>
          <a href={url} style={buttonStyle}>
            {button}
          </a>
        </p>
      </>
    ),
    footer,
  })
}

export const buttonStyle = {
  display: 'inline-block',
  background: '#0b5cad',
  color: '#ffffff',
  padding: '10px 18px',
  borderRadius: 4,
  textDecoration: 'none',
  fontWeight: 'bold',
} as const
