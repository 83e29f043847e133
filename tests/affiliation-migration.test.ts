// Links people set on themselves before confirmation was required become pending requests.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { MIGRATIONS_FOLDER, openDatabase } from '#db/client'

describe('the migration of existing structure links', () => {
  it('keeps links staff, an import, the contact or a password-less record account for; the others become pending requests', () => {
    // A database as it was before requests existed: the migrations before 0030_affiliation_requests.
    const older = fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-affiliation-'))
    fs.cpSync(MIGRATIONS_FOLDER, older, { recursive: true })
    const journalFile = path.join(older, 'meta', '_journal.json')
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8'))
    journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < '0030')
    fs.writeFileSync(journalFile, JSON.stringify(journal))
    const file = path.join(older, 'app.db')
    const before = openDatabase(file, { migrations: older })
    const exec = (q: string) => before.$client.exec(q)
    exec(`insert into regions (code, name) values ('LACRALO', 'LACRALO'), ('AFRALO', 'AFRALO')`)
    const person = (id: number, name: string, extra: string, values: string) =>
      exec(`insert into people (id, email, name${extra}) values (${id}, '${name}@example.net', '${name}'${values})`)
    // 1 the contact, 2 linked themselves, 3 staff linked, 4 never had a password, 5 an import linked,
    // 6 linked themselves to a structure that only applied, 7 erased, 8 called themselves a representative,
    // 9 staff made a representative.
    const cols = ', password_hash, structure_id, member_type'
    person(1, 'contact', cols, `, 'x', null, 'als_representative'`)
    exec(`insert into structures (id, name, region_code, country, accreditation_status, contact_person_id)
          values (1, 'Asociación Argentina', 'LACRALO', 'AR', 'accredited', 1),
                 (2, 'Red Solicitante', 'LACRALO', 'AR', 'applied', null)`)
    exec(`update people set structure_id = 1 where id = 1`)
    person(2, 'self', cols, `, 'x', 1, 'als_representative'`)
    person(3, 'staffset', cols, `, 'x', 1, 'als_representative'`)
    person(4, 'nopassword', cols, `, null, 1, 'als_representative'`)
    person(5, 'imported', cols, `, 'x', 1, 'individual_member'`)
    person(6, 'selfapplied', cols, `, 'x', 2, 'als_representative'`)
    person(7, 'erased', `${cols}, erased_at`, `, 'x', 1, 'als_representative', 5`)
    person(8, 'selftype', cols, `, 'x', null, 'als_representative'`)
    person(9, 'stafftype', cols, `, 'x', null, 'als_representative'`)
    exec(`insert into audit_log (actor_id, action, entity_type, entity_id, details, at) values
          (1, 'person.updated', 'person', '3', '{"structureId":{"from":null,"to":1}}', 1),
          (1, 'person.updated', 'person', '9', '{"memberType":{"from":"guest","to":"als_representative"}}', 1),
          (1, 'person.updated', 'person', '2', '{"structureId":{"from":1,"to":null}}', 1)`)
    exec(
      `insert into import_batches (id, created_by_id, filename, mode, report) values (1, 1, 'a.csv', 'overwrite', '{}')`,
    )
    exec(
      `insert into import_changes (batch_id, person_id, changes) values (1, 5, '{"structureId":{"from":null,"to":1}}')`,
    )
    for (const id of [2, 3])
      exec(`insert into participation_records (person_id, structure_id, region_code, kind, source_type, source_id, occurred_at)
            values (${id}, 1, 'LACRALO', 'webinar_attended', 'registration', ${id}, 10)`)
    before.$client.close()

    const after = openDatabase(file)
    const all = <T>(q: string) => after.$client.prepare(q).all() as T[]
    const links = Object.fromEntries(
      all<{ id: number; structure_id: number | null; member_type: string }>(
        `select id, structure_id, member_type from people order by id`,
      ).map((p) => [p.id, [p.structure_id, p.member_type]]),
    )
    expect(links).toEqual({
      1: [1, 'als_representative'],
      2: [null, 'guest'],
      3: [1, 'als_representative'],
      4: [1, 'als_representative'],
      5: [1, 'individual_member'],
      6: [null, 'guest'],
      7: [1, 'als_representative'],
      8: [null, 'guest'],
      9: [null, 'als_representative'],
    })
    expect(all(`select person_id, structure_id, status, source from affiliation_requests order by person_id`)).toEqual([
      { person_id: 2, structure_id: 1, status: 'pending', source: 'migration' },
      { person_id: 6, structure_id: 2, status: 'pending', source: 'migration' },
    ])
    // Their participation no longer counts for the structure; confirmed people's still does.
    expect(all(`select person_id, structure_id from participation_records order by person_id`)).toEqual([
      { person_id: 2, structure_id: null },
      { person_id: 3, structure_id: 1 },
    ])
    // Each change is on the person's timeline.
    expect(
      all(
        `select entity_id from audit_log where action = 'affiliation.unconfirmed' order by cast(entity_id as integer)`,
      ),
    ).toEqual([{ entity_id: '2' }, { entity_id: '6' }, { entity_id: '8' }])
    expect(after.$client.pragma('foreign_key_check')).toEqual([])
    after.$client.close()
  })
})
