import type { z } from 'zod';
import {
  assignIdentifierIds,
  identifierListSchema,
  MAX_IDENTIFIERS,
} from '../../../shared/domain/identifier.js';
import {
  consentSchema,
  scanRequestSchema,
  SENSITIVE_KINDS,
  type ScanRequest,
} from '../../../shared/domain/scan.js';
import { AppError } from '../../../shared/errors.js';
import { validateIdentifierValues } from '../../../shared/matching/index.js';
import { IDENTIFIER_KIND_LABELS } from '../../../shared/report/report.words.js';
import { formValue, formValues, type FormBody } from './form-body.js';

/**
 * The new-scan form: what its fields hold, how they become a scan request, and how the request's
 * problems (the API's own zod schema, then the scan service's checks) find their way back to the field
 * they are about. The form is validated by the same `scanRequestSchema` as POST /v1/scans.
 */

export interface IdentifierRow {
  kind: string;
  value: string;
  public: boolean;
}

export interface NewScanFormValues {
  reference: string;
  identifiers: IdentifierRow[];
  consent: { attestedBy: string; method: string; obtainedAt: string; confirmed: boolean };
  sources: string[];
  allowDirect: boolean;
  remoteSearchOptIn: string[];
}

export type FormMode = 'service' | 'local';

/** Field ids used by the page, so messages and their fields meet. */
export const fieldIds = {
  reference: 'reference',
  identifiers: 'identifiers',
  identifierKind: (row: number) => `identifiers-${row}-kind`,
  identifierValue: (row: number) => `identifiers-${row}-value`,
  attestedBy: 'consent-attestedBy',
  method: 'consent-method',
  obtainedAt: 'consent-obtainedAt',
  confirmed: 'consent-confirmed',
  sources: 'sources',
  allowDirect: 'allowDirect',
  remoteSearchOptIn: 'remoteSearchOptIn',
} as const;

export function emptyNewScanForm(sourceIds: string[]): NewScanFormValues {
  return {
    reference: '',
    identifiers: [
      { kind: 'handle', value: '', public: false },
      { kind: 'name', value: '', public: false },
      { kind: 'email', value: '', public: false },
    ],
    consent: { attestedBy: '', method: 'written', obtainedAt: '', confirmed: false },
    sources: sourceIds,
    allowDirect: false,
    remoteSearchOptIn: [],
  };
}

const ROW_FIELD = /^identifiers\[(\d{1,4})\]\[(kind|value|public)\]$/;

/** The form's values as posted, rows in their order on the page (JavaScript may have renumbered them). */
export function readNewScanForm(body: FormBody): NewScanFormValues {
  const rows = new Map<number, IdentifierRow>();
  for (const name of Object.keys(body)) {
    const match = ROW_FIELD.exec(name);
    if (!match) continue;
    const index = Number(match[1]);
    const row = rows.get(index) ?? { kind: 'handle', value: '', public: false };
    if (match[2] === 'kind') row.kind = formValue(body, name);
    if (match[2] === 'value') row.value = formValue(body, name);
    if (match[2] === 'public') row.public = formValue(body, name) === 'on';
    rows.set(index, row);
  }
  const identifiers = [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => row)
    // One more than a scan takes, so that too many rows is said, not silently cut.
    .slice(0, MAX_IDENTIFIERS + 1);
  return {
    reference: formValue(body, 'reference'),
    identifiers: identifiers.length ? identifiers : [{ kind: 'handle', value: '', public: false }],
    consent: {
      attestedBy: formValue(body, 'consent[attestedBy]'),
      method: formValue(body, 'consent[method]'),
      obtainedAt: formValue(body, 'consent[obtainedAt]'),
      confirmed: formValue(body, 'consent[confirmed]') === 'on',
    },
    sources: formValues(body, 'sources'),
    allowDirect: formValue(body, 'allowDirect') === 'on',
    remoteSearchOptIn: formValues(body, 'remoteSearchOptIn'),
  };
}

export type NewScanResult =
  { ok: true; request: ScanRequest; rowOf: number[] } | { ok: false; errors: Record<string, string> };

/**
 * The scan request the form describes, validated by the API's schema. Blank rows are left out (the form
 * always offers a spare one); `rowOf[i]` is the form row of the request's i-th identifier, so the scan
 * service's later complaints about `identifiers[i]` land on the right row too.
 */
export function toScanRequest(values: NewScanFormValues, mode: FormMode): NewScanResult {
  const rowOf: number[] = [];
  const identifiers = values.identifiers.flatMap((row, index) => {
    if (row.value.trim() === '') return [];
    rowOf.push(index);
    return [
      { kind: row.kind, value: row.value, ...(row.public && row.kind === 'name' ? { public: true } : {}) },
    ];
  });
  const errors: Record<string, string> = {};
  // Consent and the reference are an organisation's: in local mode the person scans themself.
  const consent =
    mode === 'service'
      ? {
          subject: 'client',
          attestedBy: values.consent.attestedBy,
          method: values.consent.method,
          obtainedAt: dateToInstant(values.consent.obtainedAt),
        }
      : undefined;
  const raw = {
    identifiers,
    sources: values.sources,
    allowDirect: values.allowDirect,
    remoteSearchOptIn: values.remoteSearchOptIn,
    ...(consent ? { consent } : {}),
    ...(mode === 'service' && values.reference.trim() ? { reference: values.reference } : {}),
  };
  if (consent) {
    if (!values.consent.confirmed)
      errors[fieldIds.confirmed] = 'Please confirm that the person agreed to this scan.';
    const consentDate = consentSchema.shape.obtainedAt.safeParse(consent.obtainedAt);
    if (consentDate.success && new Date(consentDate.data).getTime() > Date.now()) {
      errors[fieldIds.obtainedAt] = 'The date consent was given cannot be in the future.';
    }
  }
  const parsed = scanRequestSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOfIssue(issue.path, rowOf);
      errors[field] ??= plainMessage(field, issue);
    }
  }
  // The scan service's own check of the values (an e-mail that is not one, a phone that cannot be
  // dialled), run now so that every problem shows at once rather than one round after another.
  const list = identifierListSchema.safeParse(identifiers);
  if (list.success) {
    const withIds = assignIdentifierIds(list.data);
    for (const problem of validateIdentifierValues(withIds)) {
      const index = withIds.findIndex((identifier) => identifier.id === problem.identifierId);
      const row = rowOf[index] ?? index;
      errors[fieldIds.identifierValue(row)] ??= valueMessage(values.identifiers[row]?.kind, problem.message);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, request: parsed.data, rowOf };
}

/** A date from a date input (YYYY-MM-DD) as the instant the API expects; anything else passes through to fail there. */
function dateToInstant(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date;
}

function fieldOfIssue(path: ReadonlyArray<PropertyKey>, rowOf: number[]): string {
  const [top, second, third] = path;
  if (top === 'identifiers') {
    if (typeof second === 'number') {
      const row = rowOf[second] ?? second;
      return third === 'kind' ? fieldIds.identifierKind(row) : fieldIds.identifierValue(row);
    }
    return fieldIds.identifiers;
  }
  if (top === 'consent') {
    if (second === 'attestedBy') return fieldIds.attestedBy;
    if (second === 'method') return fieldIds.method;
    return fieldIds.obtainedAt;
  }
  if (top === 'sources') return fieldIds.sources;
  if (top === 'remoteSearchOptIn') return fieldIds.remoteSearchOptIn;
  if (top === 'reference') return fieldIds.reference;
  if (top === 'allowDirect') return fieldIds.allowDirect;
  return fieldIds.identifiers;
}

/** The schema's messages where they are already plain (identifier values), kinder words where not. */
function plainMessage(field: string, issue: z.core.$ZodIssue): string {
  switch (field) {
    case fieldIds.identifiers:
      return issue.code === 'too_big'
        ? `Please give at most ${MAX_IDENTIFIERS} things to look for.`
        : 'Please give at least one thing to look for.';
    case fieldIds.attestedBy:
      return 'Please write who confirms the consent: your name or staff number.';
    case fieldIds.method:
      return 'Please choose how consent was given.';
    case fieldIds.obtainedAt:
      return 'Please give the date consent was given.';
    case fieldIds.sources:
      return 'Please choose at least one place to search.';
    case fieldIds.reference:
      return 'Please keep the reference to 100 characters or fewer.';
    case fieldIds.remoteSearchOptIn:
      return 'Please choose from the listed kinds only.';
    default:
      if (field.endsWith('-kind')) return 'Please choose what kind of detail this is.';
      if (issue.code === 'custom' && issue.params?.duplicateOf !== undefined)
        return 'This detail is already given above. Please remove one of the two.';
      return sentence(issue.message);
  }
}

/**
 * The scan service's refusals ("identifiers[2].value: not a valid email address", PROXY_REQUIRED,
 * UNKNOWN_SOURCE) as messages beside their fields. Null when the error is not about the form.
 */
export function errorsFromServiceRefusal(
  error: AppError,
  rowOf: number[],
  kinds: ReadonlyArray<string | undefined> = [],
): Record<string, string> | null {
  switch (error.code) {
    case 'PROXY_REQUIRED':
      return {
        [fieldIds.allowDirect]:
          'Please tick this box to go ahead without a proxy, or ask whoever runs this service to set one up.',
      };
    case 'UNKNOWN_SOURCE':
      return { [fieldIds.sources]: 'One of the chosen places cannot be searched now. Please choose again.' };
    case 'CONSENT_REQUIRED':
      return { [fieldIds.attestedBy]: 'Please record the consent for this scan.' };
    case 'VALIDATION_FAILED': {
      const match = /^identifiers\[(\d+)\]\.(\w+): (.*)$/s.exec(error.message);
      if (!match) return { [fieldIds.identifiers]: sentence(error.message) };
      const row = rowOf[Number(match[1])] ?? Number(match[1]);
      if (match[2] === 'kind') return { [fieldIds.identifierKind(row)]: sentence(match[3]!) };
      return { [fieldIds.identifierValue(row)]: valueMessage(kinds[row], match[3]!) };
    }
    default:
      return null;
  }
}

/**
 * A refusal that is about no one field (the queue is down, something went wrong on our side): a calm
 * sentence for the top of the form, which comes back with everything typed kept, and the status to
 * answer with. Nothing was stored, so sending the form again is always safe.
 */
export function formNoticeOf(error: unknown): { message: string; status: number } {
  const code = error instanceof AppError ? error.code : 'INTERNAL';
  switch (code) {
    case 'QUEUE_UNAVAILABLE':
      return {
        message:
          'The scan could not be started just now, and nothing was saved. Everything you typed is still below: please try again in a few minutes.',
        status: 503,
      };
    case 'RATE_LIMITED':
      return {
        message:
          'Too many scans were started in a short time. Everything you typed is still below: please wait a minute, then try again.',
        status: 429,
      };
    default: {
      const status = error instanceof AppError && error.statusCode < 500 ? error.statusCode : 500;
      return {
        message:
          status < 500
            ? 'The scan could not be started, and nothing was saved. Everything you typed is still below: please check it and try again.'
            : 'Something went wrong on our side, and the scan was not started. Everything you typed is still below: please try again in a few minutes.',
        status,
      };
    }
  }
}

/** What to write instead, in the words of the kind of detail; the check's own words otherwise. */
function valueMessage(kind: string | undefined, message: string): string {
  switch (kind) {
    case 'email':
      return 'This does not look like an e-mail address. Please write it like name@example.com.';
    case 'phone':
      return 'Please write the phone number with + and the country code, like +44 20 7946 0000.';
    case 'dob':
      return 'Please write the date of birth as year-month-day, like 1994-11-03 (1900 or later).';
    default:
      return sentence(message);
  }
}

function sentence(message: string): string {
  const trimmed = message.trim();
  if (!trimmed) return 'Please check this answer.';
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export const SENSITIVE_KIND_OPTIONS = SENSITIVE_KINDS.map((kind) => ({
  value: kind,
  label: IDENTIFIER_KIND_LABELS[kind],
}));

export const CONSENT_METHOD_LABELS: Record<string, string> = {
  written: 'In writing',
  verbal: 'Spoken',
  electronic: 'Electronically (email, form, message)',
  'in-person': 'In person',
};
