import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { AffiliationRequestField } from '~/components/AffiliationRequestField'
import { Field } from '~/components/Field'
import { ProfileFields } from '~/components/ProfileFields'
import { baseUrl, currentPerson, safeRedirect } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { timeZones } from '~/lib/format'
import { selfChosenTypeError } from '~/lib/member-types'
import { pageTitle } from '~/lib/meta'
import { AffiliationRequestSchema, ProfileSchema } from '~/lib/profile-schema'
import { parseForm, PasswordSchema } from '~/lib/validation'
import { AffiliationRefusedError, completeSignup, tokenDetails } from '~/services/accounts.server'
import { hashPassword } from '~/services/auth.server'
import { accreditedStructures, affiliationOf } from '~/services/structures/affiliation.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['auth'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'signup')

const FinishSchema = ProfileSchema.extend({
  ...AffiliationRequestSchema.shape,
  password: PasswordSchema,
  privacy: z.literal('on', { error: 'errors.field.privacyRequired' }),
  newsletter: z
    .literal('on')
    .optional()
    .transform((v) => v === 'on'),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  if (await currentPerson(request)) throw redirect('/profile')
  const viewer = await getViewer(request)
  const db = getDb()
  const details = tokenDetails(db, params.token ?? '')
  if (!details) return data({ valid: false as const }, { status: 410 })
  return {
    valid: true as const,
    invited: details.purpose === 'invite',
    email: details.email,
    defaults: details.person ?? {
      name: '',
      preferredLanguage: viewer.language,
      timeZone: viewer.timeZone,
      regionCode: null,
      memberType: 'guest' as const,
    },
    // An invited person staff (or an import) linked to a structure represents it already.
    linked: details.personId ? affiliationOf(db, details.personId).linked : null,
    timeZones: timeZones(),
    structures: accreditedStructures(db),
  }
}

/** Step 2: password and profile; the token is spent and the person is signed in on a new session. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request)
  const parsed = parseForm(FinishSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  const { password, privacy: _privacy, newsletter, structureId, ...profile } = parsed.data
  const db = getDb()
  const details = tokenDetails(db, params.token ?? '')
  // Staff confirm ALAC members, RALOs grant individual membership, structures confirm their representatives;
  // a person invited as any of them keeps it.
  const typeError = selfChosenTypeError(profile.memberType, details?.person?.memberType)
  if (typeError) return data({ errors: { memberType: [typeError] } }, { status: 400 })
  let done: ReturnType<typeof completeSignup>
  try {
    done = completeSignup(
      db,
      params.token ?? '',
      { ...profile, passwordHash: await hashPassword(password), newsletter, affiliation: structureId },
      { baseUrl: baseUrl() },
    )
  } catch (error) {
    // Only an accredited structure can be asked for; nothing was written and the link still works.
    if (error instanceof AffiliationRefusedError)
      return data(
        { errors: { structureId: [`errors.affiliation.${error.reason}`] } },
        { status: error.reason === 'notAccepting' ? 400 : 409 },
      )
    throw error
  }
  if (!done) return data({ errors: { form: ['auth:finish.invalid'] } }, { status: 410 })
  return redirectWithNotice(request, safeRedirect(done.redirectTo), 'notices.signedUp', { personId: done.personId })
}

export default function FinishSignup() {
  const { t } = useTranslation('auth')
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.errors as Record<string, string[] | undefined> | undefined
  const busy = useNavigation().state === 'submitting'
  if (!loaded.valid || errors?.form) {
    return (
      <>
        <h1>{t('finish.invalidTitle')}</h1>
        <p>{t('finish.invalid')}</p>
        <p>
          <Link to="/signup">{t('finish.requestNew')}</Link>
        </p>
      </>
    )
  }
  return (
    <>
      <h1>{loaded.invited ? t('finish.inviteTitle') : t('finish.title')}</h1>
      <p className="lede">{t('finish.intro')}</p>
      {errors ? (
        <p className="error-summary" role="alert" tabIndex={-1}>
          {t('common:errors.form.fix')}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <p>
          <span className="label">{t('email')}</span> <strong>{loaded.email}</strong>
        </p>
        <Field
          name="name"
          label={t('common:profile.name')}
          errors={errors?.name}
          autoComplete="name"
          defaultValue={loaded.defaults.name}
          required
        />
        <Field
          name="password"
          type="password"
          label={t('password')}
          hint={t('passwordHint')}
          errors={errors?.password}
          autoComplete="new-password"
          required
        />
        <ProfileFields
          defaults={loaded.defaults}
          errors={errors}
          timeZones={loaded.timeZones}
          detectTimeZone={!loaded.invited}
        />
        {loaded.linked ? (
          <p>{t('common:profile.representsNow', { structure: loaded.linked.name })}</p>
        ) : (
          <AffiliationRequestField
            structures={loaded.structures}
            errors={errors}
            label={t('common:profile.structureRequestOptional')}
          />
        )}
        <fieldset>
          <legend>{t('consent.legend')}</legend>
          <div className="field">
            <label className="choice">
              <input
                type="checkbox"
                name="privacy"
                required
                aria-invalid={Boolean(errors?.privacy)}
                aria-describedby={errors?.privacy ? 'privacy-error' : undefined}
              />{' '}
              <span>
                {t('consent.privacy')}{' '}
                <Link to="/privacy" target="_blank">
                  {t('consent.readNotice')}
                </Link>
              </span>
            </label>
            {errors?.privacy ? (
              <span id="privacy-error" className="field-error">
                {t(`common:${errors.privacy[0]}`)}
              </span>
            ) : null}
          </div>
          <label className="choice">
            <input type="checkbox" name="newsletter" /> <span>{t('consent.newsletter')}</span>
          </label>
        </fieldset>
        <div>
          <button type="submit" disabled={busy}>
            {t('signup.submit')}
          </button>
        </div>
      </Form>
    </>
  )
}
