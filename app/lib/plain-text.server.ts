import sanitizeHtml from 'sanitize-html'

function decode(text: string): string {
  // sanitize-html escapes exactly these four in text; undo them for plain-text output.
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}

/**
 * User-written text as plain text for places that may render HTML (calendar
 * descriptions): tags and script/style content removed, entities decoded. Repeated
 * until stable, so "&lt;script&gt;" cannot turn back into a tag.
 */
export function toPlainText(input: string): string {
  if (!/[<&]/.test(input)) return input // no markup and no entities: nothing to strip
  let text = input
  for (let i = 0; i < 5; i++) {
    const next = decode(sanitizeHtml(text, { allowedTags: [], allowedAttributes: {} }))
    if (next === text) break
    text = next
  }
  return text
}
