/** Every language and namespace, for the server (pages, mail, calendar files) and the tests. */
import enAuth from '#locales/en/auth.json'
import enCommon from '#locales/en/common.json'
import enEmails from '#locales/en/emails.json'
import enGlossary from '#locales/en/glossary.json'
import enNewsletters from '#locales/en/newsletters.json'
import enParticipation from '#locales/en/participation.json'
import enStaff from '#locales/en/staff.json'
import enSummits from '#locales/en/summits.json'
import enSurveys from '#locales/en/surveys.json'
import esAuth from '#locales/es/auth.json'
import esCommon from '#locales/es/common.json'
import esEmails from '#locales/es/emails.json'
import esGlossary from '#locales/es/glossary.json'
import esNewsletters from '#locales/es/newsletters.json'
import esParticipation from '#locales/es/participation.json'
import esStaff from '#locales/es/staff.json'
import esSummits from '#locales/es/summits.json'
import esSurveys from '#locales/es/surveys.json'
import frAuth from '#locales/fr/auth.json'
import frCommon from '#locales/fr/common.json'
import frEmails from '#locales/fr/emails.json'
import frGlossary from '#locales/fr/glossary.json'
import frNewsletters from '#locales/fr/newsletters.json'
import frParticipation from '#locales/fr/participation.json'
import frStaff from '#locales/fr/staff.json'
import frSummits from '#locales/fr/summits.json'
import frSurveys from '#locales/fr/surveys.json'

export const resources = {
  en: {
    common: enCommon,
    auth: enAuth,
    summits: enSummits,
    newsletters: enNewsletters,
    surveys: enSurveys,
    participation: enParticipation,
    glossary: enGlossary,
    staff: enStaff,
    emails: enEmails,
  },
  fr: {
    common: frCommon,
    auth: frAuth,
    summits: frSummits,
    newsletters: frNewsletters,
    surveys: frSurveys,
    participation: frParticipation,
    glossary: frGlossary,
    staff: frStaff,
    emails: frEmails,
  },
  es: {
    common: esCommon,
    auth: esAuth,
    summits: esSummits,
    newsletters: esNewsletters,
    surveys: esSurveys,
    participation: esParticipation,
    glossary: esGlossary,
    staff: esStaff,
    emails: esEmails,
  },
} as const
