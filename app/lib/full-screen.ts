import { useMatches } from '@remix-run/react'

/**
 * Whether the page asks for the whole screen (`handle.fullScreen`, e.g. the venue desk on a
 * phone): the site header, the area's side navigation and the footer step aside, and the
 * page offers its own way back.
 */
export function useFullScreen(): boolean {
  return useMatches().some((m) => (m.handle as { fullScreen?: boolean } | undefined)?.fullScreen === true)
}
