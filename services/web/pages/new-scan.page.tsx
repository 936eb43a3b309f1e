import { IDENTIFIER_KINDS, MAX_IDENTIFIERS } from '../../../shared/domain/identifier.js';
import { IDENTIFIER_KIND_LABELS } from '../../../shared/report/report.words.js';
import {
  CONSENT_METHOD_LABELS,
  fieldIds,
  SENSITIVE_KIND_OPTIONS,
  type IdentifierRow,
  type NewScanFormValues,
} from '../forms/new-scan.form.js';
import { Checkbox, ErrorSummary, FieldError, SelectField, TextField, type FieldErrors } from './fields.js';
import { CsrfField, Layout, type PageSession } from './layout.js';

export interface SourceChoice {
  id: string;
  name: string;
  trust: 'hostile' | 'neutral';
}

export interface NewScanPageProps {
  session: PageSession;
  values: NewScanFormValues;
  errors: FieldErrors;
  sources: SourceChoice[];
  /** Whether fetches go through a proxy: if not, going direct must be acknowledged. */
  proxyConfigured: boolean;
  /** Why the scan did not start when no one field is to blame (the queue is down): shown at the top. */
  notice?: string | undefined;
}

const KIND_OPTIONS = IDENTIFIER_KINDS.map((kind) => ({ value: kind, label: IDENTIFIER_KIND_LABELS[kind] }));
const METHOD_OPTIONS = Object.entries(CONSENT_METHOD_LABELS).map(([value, label]) => ({ value, label }));

/**
 * The new-scan form, the same fields for an organisation and a person at home, except that an
 * organisation records consent and may add its own reference. A form sent back with problems shows
 * each beside its field, with everything typed kept.
 */
export function NewScanPage({ session, values, errors, sources, proxyConfigured, notice }: NewScanPageProps) {
  const org = session.kind === 'org';
  const hasErrors = Object.keys(errors).length > 0 || Boolean(notice);
  // A refusal for going direct shows its checkbox even if a proxy was set up since the page was drawn.
  const askDirect = !proxyConfigured || Boolean(errors[fieldIds.allowDirect]);
  return (
    <Layout
      title={hasErrors ? 'Problem: new scan' : 'New scan'}
      session={session}
      scripts={['/assets/identifier-rows.js']}
    >
      <h1>New scan</h1>
      {notice && (
        <div class="notice" role="alert" tabIndex={-1} autofocus id="new-scan-notice">
          <p>{notice}</p>
        </div>
      )}
      <ErrorSummary errors={errors} labels={summaryLabels(values)} />
      <p>
        {org
          ? 'Tell the scanner what to look for about the person you are helping, and where. It only looks for what you give it.'
          : 'Tell the scanner what to look for about you, and where. It only looks for what you give it.'}
      </p>
      <form method="post" action="/scans" novalidate class="stack">
        <CsrfField token={session.csrfToken} />
        {org && (
          <TextField
            id={fieldIds.reference}
            name="reference"
            label="Your reference (optional)"
            hint="A note to find this scan again, like a case number. Please do not put the person's name or details here."
            value={values.reference}
            error={errors[fieldIds.reference]}
            maxLength={100}
          />
        )}

        <fieldset
          class="fieldset"
          id={fieldIds.identifiers}
          tabIndex={-1}
          aria-describedby={describedBy(errors, fieldIds.identifiers, 'identifiers-hint')}
        >
          <legend>
            <h2>What to look for</h2>
          </legend>
          <p class="hint" id="identifiers-hint">
            One detail per row. Hostile sites only ever see handles, and names ticked as used publicly (a name
            you go by in public); every other detail is looked for in the pages the scanner reads, never typed
            into those sites. Phone numbers: start with + and the country code. Dates of birth:
            year-month-day, like 1994-11-03.
          </p>
          <FieldError id={fieldIds.identifiers} message={errors[fieldIds.identifiers]} />
          <ol class="identifier-rows" data-identifier-rows data-max-rows={MAX_IDENTIFIERS}>
            {values.identifiers.map((row, index) => (
              <IdentifierRowFields row={row} index={index} errors={errors} key={index} />
            ))}
          </ol>
          <button
            type="submit"
            name="action"
            value="add-identifier"
            class="button button--secondary"
            data-add-identifier
          >
            Add another detail
          </button>
        </fieldset>

        {org && (
          <fieldset class="fieldset">
            <legend>
              <h2>Consent</h2>
            </legend>
            <p class="hint">
              Scans of another person need their agreement. This record is kept with the scan.
            </p>
            <TextField
              id={fieldIds.attestedBy}
              name="consent[attestedBy]"
              label="Who confirms the consent"
              hint="Your name or staff number."
              value={values.consent.attestedBy}
              error={errors[fieldIds.attestedBy]}
              maxLength={200}
            />
            <SelectField
              id={fieldIds.method}
              name="consent[method]"
              label="How consent was given"
              value={values.consent.method}
              options={METHOD_OPTIONS}
              error={errors[fieldIds.method]}
            />
            <TextField
              id={fieldIds.obtainedAt}
              name="consent[obtainedAt]"
              label="Date consent was given"
              type="date"
              short
              value={values.consent.obtainedAt}
              error={errors[fieldIds.obtainedAt]}
            />
            <Checkbox
              id={fieldIds.confirmed}
              name="consent[confirmed]"
              label="The person these details belong to agreed to this scan, and our records show it."
              checked={values.consent.confirmed}
              error={errors[fieldIds.confirmed]}
            />
          </fieldset>
        )}

        <fieldset
          class="fieldset"
          id={fieldIds.sources}
          tabIndex={-1}
          aria-describedby={describedBy(errors, fieldIds.sources, 'sources-hint')}
        >
          <legend>
            <h2>Where to search</h2>
          </legend>
          <p class="hint" id="sources-hint">
            Hostile places are forums and sites where people are targeted. They are searched only for handles
            and public names.
          </p>
          <FieldError id={fieldIds.sources} message={errors[fieldIds.sources]} />
          <ul class="checkbox-list">
            {sources.map((source) => (
              <li key={source.id}>
                <Checkbox
                  id={`source-${source.id}`}
                  name="sources"
                  value={source.id}
                  checked={values.sources.includes(source.id)}
                  label={
                    <>
                      {source.name}
                      {source.trust === 'hostile' && <span class="tag">hostile</span>}
                    </>
                  }
                />
              </li>
            ))}
          </ul>
        </fieldset>

        <fieldset class="fieldset">
          <legend>
            <h2>How the sites are visited</h2>
          </legend>
          {!askDirect ? (
            <p>
              Every page is fetched through the proxy set up for this {org ? 'service' : 'computer'}, so the
              sites do not see {org ? "this service's" : 'your'} internet address.
            </p>
          ) : (
            <>
              <p id="allowDirect-hint" class="hint">
                No proxy is set up, so hostile sites will see the internet address (IP address) of{' '}
                {org ? 'this service' : 'this computer'} when the pages are fetched. They will not see who the
                scan is for. The report will say the scan went direct.
              </p>
              <Checkbox
                id={fieldIds.allowDirect}
                name="allowDirect"
                label="I understand, and want to go ahead without a proxy."
                checked={values.allowDirect}
                error={errors[fieldIds.allowDirect]}
              />
            </>
          )}
        </fieldset>

        <details class="details">
          <summary>More options</summary>
          <fieldset class="fieldset" id={fieldIds.remoteSearchOptIn} tabIndex={-1}>
            <legend>Also type these into hostile sites' search boxes</legend>
            <p class="hint">
              Not recommended: whoever runs those sites can see what is searched. Leave these unticked unless
              you have a reason.
            </p>
            <FieldError id={fieldIds.remoteSearchOptIn} message={errors[fieldIds.remoteSearchOptIn]} />
            <ul class="checkbox-list">
              {SENSITIVE_KIND_OPTIONS.map((option) => (
                <li key={option.value}>
                  <Checkbox
                    id={`optin-${option.value}`}
                    name="remoteSearchOptIn"
                    value={option.value}
                    label={option.label}
                    checked={values.remoteSearchOptIn.includes(option.value)}
                  />
                </li>
              ))}
            </ul>
          </fieldset>
        </details>

        <button type="submit" class="button">
          Start the scan
        </button>
      </form>
    </Layout>
  );
}

function IdentifierRowFields({
  row,
  index,
  errors,
}: {
  row: IdentifierRow;
  index: number;
  errors: FieldErrors;
}) {
  const number = index + 1;
  return (
    <li class="identifier-row" data-identifier-row>
      <SelectField
        id={fieldIds.identifierKind(index)}
        name={`identifiers[${index}][kind]`}
        label={
          <>
            Kind<span class="visually-hidden"> of detail {number}</span>
          </>
        }
        value={row.kind}
        options={KIND_OPTIONS}
        error={errors[fieldIds.identifierKind(index)]}
      />
      <TextField
        id={fieldIds.identifierValue(index)}
        name={`identifiers[${index}][value]`}
        label={
          <>
            Detail<span class="visually-hidden"> {number}</span>
          </>
        }
        value={row.value}
        error={errors[fieldIds.identifierValue(index)]}
        maxLength={256}
      />
      <Checkbox
        id={`identifiers-${index}-public`}
        name={`identifiers[${index}][public]`}
        label={
          <>
            A name used publicly<span class="visually-hidden"> (detail {number})</span>
          </>
        }
        checked={row.public}
      />
    </li>
  );
}

function describedBy(errors: FieldErrors, id: string, hintId: string): string {
  return errors[id] ? `${hintId} ${id}-error` : hintId;
}

/** How each field is named in the list of problems. */
function summaryLabels(values: NewScanFormValues): Record<string, string> {
  const labels: Record<string, string> = {
    [fieldIds.reference]: 'Your reference',
    [fieldIds.identifiers]: 'What to look for',
    [fieldIds.attestedBy]: 'Who confirms the consent',
    [fieldIds.method]: 'How consent was given',
    [fieldIds.obtainedAt]: 'Date consent was given',
    [fieldIds.confirmed]: 'Consent',
    [fieldIds.sources]: 'Where to search',
    [fieldIds.allowDirect]: 'Going without a proxy',
    [fieldIds.remoteSearchOptIn]: 'More options',
  };
  values.identifiers.forEach((_, index) => {
    labels[fieldIds.identifierKind(index)] = `Kind of detail ${index + 1}`;
    labels[fieldIds.identifierValue(index)] = `Detail ${index + 1}`;
  });
  return labels;
}
