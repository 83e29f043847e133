/**
 * One page of an in-memory list: the page asked for (`?page=`, clamped to what exists),
 * the number of pages (at least one) and the rows on it.
 */
export function pageOfList<T>(rows: T[], requested: string | null, size: number) {
  const pages = Math.max(1, Math.ceil(rows.length / size))
  const page = Math.min(pages, Math.max(1, Math.floor(Number(requested)) || 1))
  return { page, pages, total: rows.length, rows: rows.slice((page - 1) * size, page * size) }
}
