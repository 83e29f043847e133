/**
 * Staff-written Markdown (newsletters, meeting minutes) to HTML that is safe in a mail and
 * on a page: a fixed list of tags and attributes, http(s)/mailto links only.
 */
import { Marked } from 'marked'
import sanitizeHtml from 'sanitize-html'

import { type GlossaryMarker, markGlossaryHtml } from './glossary'

const markdown = new Marked({ gfm: true, breaks: false, async: false })

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'p',
    'br',
    'hr',
    'strong',
    'em',
    'b',
    'i',
    'u',
    's',
    'del',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'code',
    'pre',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'abbr',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height', 'style'],
    th: ['align'],
    td: ['align'],
    abbr: ['title'],
  },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowedSchemesByTag: { img: ['https', 'http'] },
  allowProtocolRelative: false,
  allowedStyles: { img: { 'max-width': [/^100%$/], height: [/^auto$/] } },
  transformTags: { img: sanitizeHtml.simpleTransform('img', { style: 'max-width:100%;height:auto' }) },
}

/**
 * Staff Markdown to HTML that is safe in a mail and on a page: no script, no handlers, no
 * javascript: links. With a glossary marker, a term's first occurrence becomes an `<abbr>`.
 */
export function markdownToSafeHtml(source: string, glossary?: GlossaryMarker): string {
  const html = markdown.parse(source) as string
  return sanitizeHtml(glossary ? markGlossaryHtml(html, glossary) : html, SANITIZE)
}
