import { z } from 'zod'

/** A web-address slug from a title: accents dropped, lower case, hyphens. */
export function slugify(title: string): string {
  return title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
}

/** An optional web address typed by staff; empty means "make one from the title". */
export const OptionalSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .default('')
  .refine((v) => v === '' || /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v), { error: 'errors.webinar.slug' })
