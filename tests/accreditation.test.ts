import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import { createPerson, findPersonIdByEmail, getPerson } from '~/services/people.server'
import { setRole } from '~/services/people/record.server'
import {
  type AccreditationAction,
  type Actor,
  checklist,
  nextActions,
  recordStep,
  setCheck,
} from '~/services/structures/accreditation.server'
import { createStructure, getStructure } from '~/services/structures/structures.server'

import { seededDb } from './helpers/db'

let db: DB
let staff: Actor
const baseUrl = 'https://atlarge.example.org'

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 40 })
  staff = getPerson(db, findPersonIdByEmail(db, DEMO_ACCOUNTS.staff)!)!
})

const contact = (email: string, language: s.Language) =>
  createPerson(db, {
    email,
    name: `Contact ${email}`,
    passwordHash: null,
    preferredLanguage: language,
    timeZone: 'UTC',
  })

function newStructure(name: string, regionCode: s.RegionCode, contactEmail: string) {
  const r = createStructure(
    db,
    {
      name,
      localNames: {},
      regionCode,
      country: 'sn',
      website: null,
      description: null,
      contactEmail,
    },
    { actorId: staff.id },
  )
  if (!r.ok) throw new Error(r.error)
  return r.id
}

const step = (structureId: number, action: AccreditationAction, actor: Actor = staff, note?: string) =>
  recordStep(db, { structureId, action, note }, { actor, baseUrl })

const checkAll = (structureId: number, met = true) => {
  for (const c of checklist(db, structureId)) {
    expect(setCheck(db, { structureId, criterionId: c.id, met }, { actorId: staff.id }).ok).toBe(true)
  }
}

describe('accreditation of an At-Large Structure', () => {
  it('goes applied → due diligence → RALO advice → ALAC decision → accredited, each step dated, by whom, mailed in the contact’s language', () => {
    contact('awa@example.sn', 'fr')
    const id = newStructure('Internet Sénégal', 'AFRALO', 'awa@example.sn')
    expect(getStructure(db, id)!.accreditationStatus).toBe('applied')
    expect(nextActions('applied')).toEqual(['startDiligence', 'withdraw'])

    expect(step(id, { kind: 'startDiligence' })).toMatchObject({ ok: true, status: 'due_diligence' })
    // The checklist must be complete before the RALO is asked.
    expect(step(id, { kind: 'completeDiligence' })).toEqual({ ok: false, error: 'checklistIncomplete' })
    checkAll(id)
    expect(step(id, { kind: 'completeDiligence' }, staff, 'All four criteria met.')).toMatchObject({
      ok: true,
      status: 'ralo_advice',
    })
    expect(step(id, { kind: 'raloAdvice', advice: 'support' })).toMatchObject({ ok: true, status: 'alac_decision' })
    expect(step(id, { kind: 'alacDecision', decision: 'accredit', reference: ' ', decidedOn: '2026-11-20' })).toEqual({
      ok: false,
      error: 'referenceRequired',
    })
    expect(
      step(id, {
        kind: 'alacDecision',
        decision: 'accredit',
        reference: 'AL-ALAC-RES-2026-11',
        decidedOn: '2026-11-20',
      }),
    ).toMatchObject({ ok: true, status: 'accredited' })

    const structure = getStructure(db, id)!
    expect(structure.accreditationStatus).toBe('accredited')
    expect(structure.history.map((h) => h.step)).toEqual([
      'accredited',
      'ralo_advice',
      'diligence_done',
      'diligence_started',
      'applied',
    ])
    expect(structure.history[0]).toMatchObject({
      reference: 'AL-ALAC-RES-2026-11',
      decidedOn: '2026-11-20',
      by: 'Silvia Staff',
    })
    expect(structure.history[1].advice).toBe('support')
    expect(structure.history[2].note).toBe('All four criteria met.')
    const audit = db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.entityType, 'structure'), eq(s.auditLog.entityId, String(id))))
      .all()
    expect(audit.map((a) => a.action)).toContain('structure.accredited')

    const mails = db.select().from(s.outbox).where(eq(s.outbox.toAddress, 'awa@example.sn')).all()
    expect(mails.map((m) => m.kind)).toEqual([
      'accreditation_diligence_started',
      'accreditation_diligence_done',
      'accreditation_ralo_advice',
      'accreditation_accredited',
    ])
    expect(mails.every((m) => m.language === 'fr')).toBe(true)
    expect(mails[3].subject).toBe('Internet Sénégal est désormais une structure At-Large accréditée')
    expect(mails[3].text).toContain(`${baseUrl}/structures/mine`)
  })

  it('refuses every step out of order, with nothing written', () => {
    contact('kofi@example.gh', 'en')
    const id = newStructure('Ghana Net Users', 'AFRALO', 'kofi@example.gh')
    const before = db.select().from(s.accreditationHistory).where(eq(s.accreditationHistory.structureId, id)).all()
    const invalid: AccreditationAction[] = [
      { kind: 'completeDiligence' },
      { kind: 'raloAdvice', advice: 'oppose' },
      { kind: 'alacDecision', decision: 'accredit', reference: 'R', decidedOn: '2026-01-01' },
      { kind: 'openReview' },
      { kind: 'passReview' },
      { kind: 'decertify', reference: 'R', decidedOn: '2026-01-01' },
    ]
    for (const action of invalid)
      expect(step(id, action), action.kind).toEqual({ ok: false, error: 'invalidTransition' })
    expect(db.select().from(s.accreditationHistory).where(eq(s.accreditationHistory.structureId, id)).all()).toEqual(
      before,
    )
    expect(getStructure(db, id)!.accreditationStatus).toBe('applied')
    // A checklist can only be filled during due diligence.
    const criterion = checklist(db, id)[0]
    expect(setCheck(db, { structureId: id, criterionId: criterion.id, met: true }, { actorId: staff.id })).toEqual({
      ok: false,
      error: 'invalidTransition',
    })
    expect(step(999_999, { kind: 'startDiligence' })).toEqual({ ok: false, error: 'notFound' })
  })

  it('rejects, reviews, withdraws and decertifies (a reason and a resolution required to decertify)', () => {
    contact('lucia@example.ar', 'es')
    const rejected = newStructure('Usuarios de Internet del Sur', 'LACRALO', 'lucia@example.ar')
    step(rejected, { kind: 'startDiligence' })
    checkAll(rejected, false)
    // Criteria not met go on to the RALO only when staff say they know it.
    expect(step(rejected, { kind: 'completeDiligence' })).toEqual({ ok: false, error: 'notMetUnacknowledged' })
    step(rejected, { kind: 'completeDiligence', acknowledgeNotMet: true })
    step(rejected, { kind: 'raloAdvice', advice: 'oppose' })
    expect(
      step(
        rejected,
        { kind: 'alacDecision', decision: 'reject', reference: 'AL-ALAC-RES-2026-12', decidedOn: '2026-11-21' },
        staff,
        'No individual members can take part in decisions.',
      ),
    ).toMatchObject({ ok: true, status: 'rejected' })
    const rejection = db
      .select()
      .from(s.outbox)
      .where(and(eq(s.outbox.toAddress, 'lucia@example.ar'), eq(s.outbox.kind, 'accreditation_rejected')))
      .get()!
    expect(rejection.language).toBe('es')
    expect(rejection.text).toContain('Motivo: No individual members can take part in decisions.')
    expect(nextActions('rejected')).toEqual([])

    const kenya = db.select().from(s.structures).where(eq(s.structures.name, 'Kenya ICT Users Network')).get()!
    expect(step(kenya.id, { kind: 'openReview' })).toMatchObject({ ok: true, status: 'under_review' })
    expect(step(kenya.id, { kind: 'passReview' })).toMatchObject({ ok: true, status: 'accredited' })
    expect(getStructure(db, kenya.id)!.detailsConfirmedAt).not.toBeNull()
    const decertify = { kind: 'decertify', reference: 'AL-ALAC-RES-2026-13', decidedOn: '2026-11-22' } as const
    expect(step(kenya.id, decertify)).toEqual({ ok: false, error: 'reasonRequired' })
    expect(step(kenya.id, decertify, staff, 'No activity for three years.')).toMatchObject({
      ok: true,
      status: 'decertified',
    })
    expect(step(kenya.id, { kind: 'withdraw' })).toEqual({ ok: false, error: 'invalidTransition' })

    const benin = db
      .select()
      .from(s.structures)
      .where(eq(s.structures.name, 'Association Béninoise des Internautes'))
      .get()!
    expect(step(benin.id, { kind: 'withdraw' }, staff, 'Asked by its board.')).toMatchObject({
      ok: true,
      status: 'withdrawn',
    })
  })

  it('lets a RALO leader record the advice of their own region only, and nothing else', () => {
    const leaderId = contact('leader.afralo@example.org', 'fr')
    expect(setRole(db, { personId: leaderId, role: 'ralo_leader', granted: true }, { actorId: staff.id })).toEqual({
      ok: false,
      error: 'regionRequired',
    })
    expect(
      setRole(
        db,
        { personId: leaderId, role: 'ralo_leader', granted: true, regionCode: 'AFRALO' },
        { actorId: staff.id },
      ).ok,
    ).toBe(true)
    const leader = getPerson(db, leaderId)!
    expect(leader.raloRegion).toBe('AFRALO')

    contact('anna@example.de', 'en')
    contact('mamadou@example.ml', 'fr')
    const european = newStructure('Netzbürger Verein', 'EURALO', 'anna@example.de')
    const african = newStructure('Mali Internet Citoyen', 'AFRALO', 'mamadou@example.ml')
    for (const id of [european, african]) {
      step(id, { kind: 'startDiligence' })
      checkAll(id)
      step(id, { kind: 'completeDiligence' })
    }
    // The AFRALO leader cannot act on a EURALO structure, nor take staff's steps.
    expect(step(european, { kind: 'raloAdvice', advice: 'support' }, leader)).toEqual({ ok: false, error: 'forbidden' })
    expect(getStructure(db, european)!.accreditationStatus).toBe('ralo_advice')
    expect(step(african, { kind: 'withdraw' }, leader)).toEqual({ ok: false, error: 'forbidden' })
    expect(step(african, { kind: 'raloAdvice', advice: 'no_view' }, leader)).toMatchObject({
      ok: true,
      status: 'alac_decision',
    })
    expect(getStructure(db, african)!.history[0]).toMatchObject({
      advice: 'no_view',
      by: 'Contact leader.afralo@example.org',
    })
    // An analyst cannot act at all.
    const analyst = getPerson(db, findPersonIdByEmail(db, DEMO_ACCOUNTS.analyst)!)!
    expect(step(european, { kind: 'raloAdvice', advice: 'support' }, analyst)).toEqual({
      ok: false,
      error: 'forbidden',
    })
  })

  it('refuses a second structure with the same name (any case) and a contact who is not in the directory', () => {
    const base = { localNames: {}, regionCode: 'APRALO' as const, country: 'JP', website: null, description: null }
    expect(
      createStructure(db, { ...base, name: 'japan net users association', contactEmail: null }, { actorId: staff.id }),
    ).toEqual({ ok: false, error: 'nameTaken' })
    expect(
      createStructure(
        db,
        { ...base, name: 'Tokyo Netizens', contactEmail: 'nobody@example.jp' },
        { actorId: staff.id },
      ),
    ).toEqual({ ok: false, error: 'unknownContact' })
  })
})
