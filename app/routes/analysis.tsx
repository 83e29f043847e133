import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet } from '@remix-run/react'
import { requireRole } from '~/guards.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['analyst', 'staff'])
  return null
}

export default function AnalysisLayout() {
  return <Outlet />
}
