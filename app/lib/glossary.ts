/**
 * Marking glossary terms: the first occurrence of each term in a text becomes an
 * abbreviation carrying its expansion in the reader's language. Shared by the mail and
 * archive HTML (markGlossaryHtml, before sanitising) and pages showing plain text
 * (glossSegments, rendered by the Glossed component).
 */
export type GlossaryEntry = { term: string; expansion: string }

/**
 * The terms still to mark in one document. A document made of several parts (a
 * newsletter's Markdown between its blocks) shares one marker, so only the first
 * occurrence in the whole document is marked.
 */
export type GlossaryMarker = { terms: GlossaryEntry[]; done: Set<string> }

export const glossaryMarker = (terms: GlossaryEntry[]): GlossaryMarker => ({ terms, done: new Set() })

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** One pattern for every term: whole words only (not inside LACRALO for RALO, nor in e-mail-like words). */
function pattern(terms: GlossaryEntry[]): RegExp | null {
  if (!terms.length) return null
  const alternatives = [...terms]
    .sort((a, b) => b.term.length - a.term.length)
    .map((t) => escapeRegExp(t.term))
    .join('|')
  return new RegExp(`(?<![\\p{L}\\p{N}_@.-])(${alternatives})(?![\\p{L}\\p{N}_@-])`, 'gu')
}

export type GlossSegment = { text: string; expansion?: string }

/** Plain text split into pieces, the first occurrence of each term (not yet marked) carrying its expansion. */
export function glossSegments(text: string, marker: GlossaryMarker): GlossSegment[] {
  const re = pattern(marker.terms.filter((t) => !marker.done.has(t.term)))
  if (!re) return [{ text }]
  const byTerm = new Map(marker.terms.map((t) => [t.term, t.expansion]))
  const out: GlossSegment[] = []
  let last = 0
  for (const m of text.matchAll(re)) {
    const term = m[1]
    if (marker.done.has(term)) continue
    marker.done.add(term)
    if (m.index > last) out.push({ text: text.slice(last, m.index) })
    out.push({ text: term, expansion: byTerm.get(term)! })
    last = m.index + term.length
  }
  if (last < text.length) out.push({ text: text.slice(last) })
  return out
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Elements whose text is never marked: links, code, and abbreviations already there. */
const SKIP = new Set(['a', 'code', 'pre', 'abbr', 'script', 'style', 'title'])

/**
 * Marks the first occurrence of each term in HTML text (never in tags, attributes, links or
 * code). Meant for Markdown's own output, before sanitising (which keeps `abbr[title]`).
 */
export function markGlossaryHtml(html: string, marker: GlossaryMarker): string {
  if (!marker.terms.length || marker.done.size === marker.terms.length) return html
  const skipping: string[] = []
  return html
    .split(/(<[^>]*>)/)
    .map((piece) => {
      if (piece.startsWith('<')) {
        const tag = /^<(\/?)([a-zA-Z0-9]+)/.exec(piece)
        if (tag && SKIP.has(tag[2].toLowerCase())) {
          if (tag[1]) skipping.pop()
          else if (!piece.endsWith('/>')) skipping.push(tag[2].toLowerCase())
        }
        return piece
      }
      if (skipping.length || !piece) return piece
      return glossSegments(piece, marker)
        .map((s) => (s.expansion ? `<abbr title="${escapeHtml(s.expansion)}">${s.text}</abbr>` : s.text))
        .join('')
    })
    .join('')
}
