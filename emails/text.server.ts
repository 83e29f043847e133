/**
 * The plain-text part of every mail, derived from its HTML by html-to-text, so a mail is
 * written once. Links keep their address (`text https://…`, or the address alone when it
 * is the link's text), headings and lists stay readable, entities are decoded, and what a
 * reader never sees in the HTML (the hidden preheader, tracking pixels, the head) is left out.
 */
import { compile, type FormatCallback } from 'html-to-text'

/** A picture reads as its alt text; one without (a spacer, a pixel) reads as nothing. */
const imageAlt: FormatCallback = (elem, _walk, builder) => {
  const alt = (elem.attribs as Record<string, string> | undefined)?.alt?.trim()
  if (alt) builder.addInline(alt)
}

/** The footer is set off by the usual signature line, "--". */
const signature: FormatCallback = (elem, walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 2 })
  builder.addLiteral('--')
  builder.closeBlock({ trailingLineBreaks: 1 })
  builder.openBlock({ leadingLineBreaks: 1 })
  walk(elem.children, builder)
  builder.closeBlock({ trailingLineBreaks: 1 })
}

/** Text shown with `white-space: pre-line` (an agenda, a summary) keeps its line breaks. */
const preLine: FormatCallback = (elem, walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 2 })
  for (const child of elem.children ?? []) {
    if (child.type !== 'text') {
      walk([child], builder)
      continue
    }
    const lines = String((child as { data?: string }).data ?? '').split('\n')
    lines.forEach((line, i) => {
      if (i) builder.addLineBreak()
      builder.addInline(line)
    })
  }
  builder.closeBlock({ trailingLineBreaks: 2 })
}

const heading = { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 }

const convert = compile({
  // Phones reflow text; hard-wrapped lines would look ragged on a narrow screen.
  wordwrap: false,
  formatters: { imageAlt, preLine, signature },
  selectors: [
    // "Open the page https://…": the address stands alone between spaces, so every mail
    // program makes it a link and a copy takes exactly the address, no bracket with it.
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: false } },
    { selector: 'img', format: 'imageAlt' },
    { selector: 'h1', options: heading },
    { selector: 'h2', options: heading },
    { selector: 'h3', options: heading },
    { selector: 'h4', options: heading },
    { selector: 'ul', options: { itemPrefix: ' - ' } },
    // Label and value on one line: "When: Monday 3 March…".
    { selector: 'tr.mail-line', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'td.mail-value', format: 'inlineSurround', options: { prefix: ' ' } },
    { selector: 'p[style*="pre-line"]', format: 'preLine' },
    { selector: '[data-text="skip"]', format: 'skip' },
    { selector: '[data-text="signature"]', format: 'signature' },
  ],
})

/** The text part of a mail whose HTML is `html`. */
export function mailText(html: string): string {
  return `${convert(html)
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n--\n\n/, '\n--\n')
    .trim()}\n`
}
