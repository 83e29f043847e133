/**
 * The page asked for (`?page=`, clamped to what exists) of `total` rows, and where it starts:
 * for a list paged in SQL (count first, then LIMIT/OFFSET).
 */
export function pageWindow(total: number, requested: string | null, size: number) {
  const pages = Math.max(1, Math.ceil(total / size))
  const page = Math.min(pages, Math.max(1, Math.floor(Number(requested)) || 1))
  return { page, pages, total, offset: (page - 1) * size }
}
