import { useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'

/**
 * While `active` (a newsletter sending, an import running), the page asks its loader again
 * every two seconds when it is in view; without JavaScript the page's own meta refresh does
 * the same job.
 */
export function useLiveRefresh(active: boolean) {
  const revalidator = useRevalidator()
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => {
      if (revalidator.state === 'idle' && document.visibilityState === 'visible') revalidator.revalidate()
    }, 2000)
    return () => clearInterval(timer)
  }, [active, revalidator])
}
