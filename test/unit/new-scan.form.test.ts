import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import {
  emptyNewScanForm,
  errorsFromServiceRefusal,
  formNoticeOf,
  readNewScanForm,
  toScanRequest,
} from '../../services/web/forms/new-scan.form.js';
import { NewScanPage } from '../../services/web/pages/new-scan.page.js';
import { MAX_IDENTIFIERS } from '../../shared/domain/identifier.js';
import { AppError } from '../../shared/errors.js';
import { IDENTIFIER_KIND_LABELS } from '../../shared/report/report.words.js';

/** The new-scan form's round trip: posted fields to a scan request, and problems back to their fields. */
describe('new-scan form', () => {
  const posted = {
    _csrf: 'x',
    reference: ' case 9 ',
    'identifiers[0][kind]': 'handle',
    'identifiers[0][value]': 'mothlantern',
    'identifiers[1][kind]': 'name',
    'identifiers[1][value]': '',
    'identifiers[2][kind]': 'name',
    'identifiers[2][value]': 'Sorrel Quistgarde',
    'identifiers[2][public]': 'on',
    'identifiers[3][kind]': 'email',
    'identifiers[3][value]': 'sorrel@example.org',
    'consent[attestedBy]': 'case worker 17',
    'consent[method]': 'verbal',
    'consent[obtainedAt]': '2026-11-20',
    'consent[confirmed]': 'on',
    sources: ['kiwifarms', 'pastebin'],
    allowDirect: 'on',
  };

  it('turns the posted rows into the API request, blank rows left out, consent and reference kept', () => {
    const result = toScanRequest(readNewScanForm(posted), 'service');
    expect(result).toEqual({
      ok: true,
      rowOf: [0, 2, 3],
      request: {
        identifiers: [
          { kind: 'handle', value: 'mothlantern' },
          { kind: 'name', value: 'Sorrel Quistgarde', public: true },
          { kind: 'email', value: 'sorrel@example.org' },
        ],
        consent: {
          subject: 'client',
          attestedBy: 'case worker 17',
          method: 'verbal',
          obtainedAt: '2026-11-20T00:00:00Z',
        },
        sources: ['kiwifarms', 'pastebin'],
        allowDirect: true,
        remoteSearchOptIn: [],
        reference: 'case 9',
      },
    });
  });

  it('asks nothing about consent or a reference in local mode', () => {
    const result = toScanRequest(readNewScanForm({ ...posted, 'consent[attestedBy]': '' }), 'local');
    expect(result.ok && result.request.consent).toBeUndefined();
    expect(result.ok && result.request.reference).toBeUndefined();
  });

  it('puts every problem on its own field at once: schema, consent, and the values themselves', () => {
    const values = readNewScanForm({
      ...posted,
      'identifiers[3][value]': 'not an e-mail',
      'consent[attestedBy]': ' ',
      'consent[obtainedAt]': '2999-01-01',
      'consent[confirmed]': '',
      sources: [],
    });
    const result = toScanRequest(values, 'service');
    expect(result.ok).toBe(false);
    expect(Object.keys(!result.ok ? result.errors : {}).sort()).toEqual(
      [
        'consent-attestedBy',
        'consent-confirmed',
        'consent-obtainedAt',
        'identifiers-3-value',
        'sources',
      ].sort(),
    );
    expect(!result.ok && result.errors['identifiers-3-value']).toMatch(/e-mail address/);
  });

  it('asks for at least one detail when every row is blank', () => {
    const result = toScanRequest(emptyNewScanForm(['kiwifarms']), 'local');
    expect(!result.ok && result.errors.identifiers).toMatch(/at least one/);
  });

  it("maps the scan service's refusals back to the form row they are about", () => {
    const kinds = ['handle', 'name', 'name', 'dob'];
    expect(
      errorsFromServiceRefusal(
        new AppError(
          'VALIDATION_FAILED',
          'identifiers[2].value: must be a date written YYYY-MM-DD, in 1900 or later',
        ),
        [0, 2, 3],
        kinds,
      ),
    ).toEqual({
      'identifiers-3-value':
        'Please write the date of birth as year-month-day, like 1994-11-03 (1900 or later).',
    });
    expect(errorsFromServiceRefusal(new AppError('PROXY_REQUIRED', 'x'), [], [])).toHaveProperty(
      'allowDirect',
    );
    expect(errorsFromServiceRefusal(new AppError('QUEUE_UNAVAILABLE', 'x'), [], [])).toBeNull();
  });

  it('words a refusal about no one field calmly for the top of the form, with its status', () => {
    expect(formNoticeOf(new AppError('QUEUE_UNAVAILABLE', 'queue down'))).toEqual({
      message: expect.stringMatching(/nothing was saved.*try again in a few minutes/),
      status: 503,
    });
    expect(formNoticeOf(new AppError('RATE_LIMITED', 'x')).status).toBe(429);
    const internal = formNoticeOf(new Error('ECONNREFUSED 10.0.0.3:5432'));
    expect(internal.status).toBe(500);
    expect(internal.message).not.toContain('ECONNREFUSED');
  });

  it('reads at most one row more than a scan takes, whatever is posted, and says so', () => {
    const many = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`identifiers[${i}][value]`, `h${i}`]),
    );
    const values = readNewScanForm(many);
    expect(values.identifiers).toHaveLength(MAX_IDENTIFIERS + 1);
    const result = toScanRequest(values, 'local');
    expect(!result.ok && result.errors.identifiers).toBe(
      `Please give at most ${MAX_IDENTIFIERS} things to look for.`,
    );
  });

  it("gives the page's script the same limit, and names kinds as the report does", () => {
    const html = render(
      NewScanPage({
        session: { kind: 'local', csrfToken: 't' },
        values: emptyNewScanForm(['kiwifarms']),
        errors: {},
        sources: [{ id: 'kiwifarms', name: 'Kiwi Farms', trust: 'hostile' }],
        proxyConfigured: false,
      }),
    );
    expect(html).toContain(`data-max-rows="${MAX_IDENTIFIERS}"`);
    expect(html).toContain(`<option value="email">${IDENTIFIER_KIND_LABELS.email}</option>`);
    expect(IDENTIFIER_KIND_LABELS.address).toBe('Home address');
  });
});
