/** Lists of people pasted by staff (attendance, nominations, volunteers): one person per line, plain or CSV. */

export type LineProblem = { line: number; text: string; reason: 'noEmail' | 'unknown' }

/** The first email address on each line of a pasted list or CSV. */
export function emailsByLine(text: string): { line: number; text: string; email: string | null }[] {
  return text
    .split(/\r?\n/)
    .map((raw, i) => ({ line: i + 1, text: raw.trim() }))
    .filter((l) => l.text.length > 0)
    .map((l) => ({ ...l, email: l.text.match(/[^\s,;<>"']+@[^\s,;<>"']+\.[^\s,;<>"']+/)?.[0]?.toLowerCase() ?? null }))
}

/**
 * The name a pasted line gives for its address: "Awa Ndiaye <awa@example.sn>" or
 * "Awa Ndiaye, awa@example.sn" give "Awa Ndiaye"; a bare address gives its local part
 * in words ("awa.ndiaye@…" gives "Awa Ndiaye").
 */
export function nameFromLine(text: string, email: string): string {
  const angled = text.match(/^\s*"?([^"<>]+?)"?\s*<[^>]+>/)?.[1]
  const before = text
    .slice(0, text.toLowerCase().indexOf(email.toLowerCase()))
    .replace(/[<>"';,\t]+/g, ' ')
    .trim()
  const name = (angled ?? before).replace(/\s+/g, ' ').trim()
  if (name) return name.slice(0, 120)
  return email
    .split('@')[0]
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ')
    .slice(0, 120)
}
