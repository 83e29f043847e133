// eslint-disable-next-line no-control-regex -- control characters are what a search ignores
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g

/**
 * Text folded for searching: lower case, accents removed ("José Muñoz" → "jose munoz"),
 * control characters (a NUL typed into a search box) read as spaces, so a search term
 * can never break the full-text query it ends up in.
 */
export function fold(text: string | null | undefined): string {
  return (text ?? '')
    .replace(CONTROL, ' ')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
}

/** What the directory searches in for a person: their name and email, folded. */
export function personSearchText(name: string, email: string): string {
  return `${fold(name)} ${fold(email)}`
}
