/** What the accreditation dashboard counts per year (steps of a structure's history). */
export const YEARLY_STEPS = ['applied', 'accredited', 'rejected', 'withdrawn', 'decertified'] as const
export type YearlyStep = (typeof YEARLY_STEPS)[number]

/** The phases of an application whose median length the dashboard shows, each from one step to the next. */
export const PHASES = ['waiting', 'diligence', 'raloAdvice', 'alacDecision', 'total'] as const
export type Phase = (typeof PHASES)[number]
