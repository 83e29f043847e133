/**
 * Any address no other route takes: a 404 thrown from a route below the root, so the
 * root loader still runs and the error page is in the viewer's language, with their
 * header (signed in or not).
 */
export async function loader() {
  throw new Response('Not found', { status: 404 })
}

export async function action() {
  throw new Response('Not found', { status: 404 })
}

export default function NotFound() {
  return null
}
