/** Text folded for searching: lower case, accents removed ("José Muñoz" → "jose munoz"). */
export function fold(text: string | null | undefined): string {
  return (text ?? '')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
}

/** What the directory searches in for a person: their name and email, folded. */
export function personSearchText(name: string, email: string): string {
  return `${fold(name)} ${fold(email)}`
}
