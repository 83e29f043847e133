import { useTranslation } from 'react-i18next'

import type { RecommendationStatus } from '#db/domain'

const TONE: Record<RecommendationStatus, string> = {
  proposed: '',
  accepted: 'warn',
  in_progress: 'warn',
  implemented: 'ok',
  rejected: 'bad',
}

/** A recommendation's status as a badge (the same words and colours on staff and public pages). */
export function RecommendationStatusBadge({ status }: { status: RecommendationStatus }) {
  const { t } = useTranslation('participation')
  return <span className={`badge ${TONE[status]}`.trim()}>{t(`recommendations.statuses.${status}`)}</span>
}
