import type { ShouldRevalidateFunction } from '@remix-run/react'

/** Where the newsletter editor's live preview posts (it renders a mail and writes nothing). */
export const NEWSLETTER_PREVIEW_ACTION = '/staff/newsletters/preview'

/**
 * The live preview writes nothing, so nothing on the page needs reloading after it: skip
 * the revalidation Remix does after every fetcher post. Besides saving a reload per
 * keystroke pause, this keeps a preview's revalidation from taking the page's one-time
 * notice ("Newsletter saved.") in a request that a navigation then cancels.
 */
export const skipAfterPreview: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction === NEWSLETTER_PREVIEW_ACTION ? false : defaultShouldRevalidate
