import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { readNewScanForm, toScanRequest } from '../../services/web/forms/new-scan.form.js';
import { NewScanPage } from '../../services/web/pages/new-scan.page.js';
import { ConfigError, loadConfig } from '../../shared/config.js';
import { identifierListSchema } from '../../shared/domain/identifier.js';
import { CONSENT_CLOCK_SKEW_MS, consentSchema } from '../../shared/domain/scan.js';
import { plainTextSchema, TEXT_REFUSALS } from '../../shared/domain/text-input.js';

/** The rules for what a requester types, the consent date, repeated identifiers, and the trusted-proxy setting. */
describe('typed text', () => {
  const text = plainTextSchema(50);
  const refusal = (value: string) => {
    const parsed = text.safeParse(value);
    return parsed.success ? null : parsed.error.issues[0]!.message;
  };

  it.each([
    ['BEL', 'moth\u0007lantern', TEXT_REFUSALS.control],
    ['a newline inside', 'moth\nlantern', TEXT_REFUSALS.control],
    ['C1 (NEL)', 'moth\u0085lantern', TEXT_REFUSALS.control],
    ['DEL', 'moth\u007flantern', TEXT_REFUSALS.control],
    ['LRM', 'moth\u200Elantern', TEXT_REFUSALS.bidi],
    ['RLM', 'moth\u200Flantern', TEXT_REFUSALS.bidi],
    ['ALM', 'moth\u061Clantern', TEXT_REFUSALS.bidi],
    ['RLO', 'moth\u202Elantern', TEXT_REFUSALS.bidi],
    ['LRE', 'moth\u202Alantern', TEXT_REFUSALS.bidi],
    ['FSI', 'moth\u2068lantern', TEXT_REFUSALS.bidi],
    ['PDI', 'moth\u2069lantern', TEXT_REFUSALS.bidi],
    ['a lone high surrogate', 'moth\uD800lantern', TEXT_REFUSALS.invalidUnicode],
    ['a lone low surrogate', 'moth\uDC00lantern', TEXT_REFUSALS.invalidUnicode],
    ['a high surrogate at the end', 'moth\uD83D', TEXT_REFUSALS.invalidUnicode],
    ['U+FFFD (an undecodable byte in a form)', 'moth\uFFFDlantern', TEXT_REFUSALS.invalidUnicode],
  ])('refuses %s, without repeating the text', (_name, value, message) => {
    expect(refusal(value)).toBe(message);
    expect(message).not.toContain('moth');
  });

  it('keeps text in NFC, trimmed; emoji, joiners and other scripts pass', () => {
    expect(text.parse('  Jose\u0301 ')).toBe('Jos\u00e9');
    expect(text.parse('moth\u{1F98B}')).toBe('moth\u{1F98B}');
    expect(text.parse('\u{1F469}\u200D\u{1F3A8}')).toBe('\u{1F469}\u200D\u{1F3A8}');
    expect(text.parse('\u0645\u06CC\u200C\u0634\u0648\u062F')).toBe('\u0645\u06CC\u200C\u0634\u0648\u062F');
    expect(text.parse('\u0421\u043E\u0440\u0435\u043B\u044C')).toBe('\u0421\u043E\u0440\u0435\u043B\u044C');
    expect(refusal('x'.repeat(51))).toBe('must be at most 50 characters');
  });

  it('refuses an identifier repeated in kind and value, naming the later one; other kinds may share a value', () => {
    const issues = (identifiers: unknown[]) => {
      const parsed = identifierListSchema.safeParse(identifiers);
      return parsed.success
        ? []
        : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    expect(
      issues([
        { kind: 'handle', value: 'Moth Lantern' },
        { kind: 'email', value: 'a@example.org' },
        { kind: 'handle', value: 'moth  lantern' },
      ]),
    ).toEqual(['2.value: repeats identifiers[0] (same kind and value)']);
    expect(
      issues([
        { kind: 'phone', value: '+44 20 7946 0000' },
        { kind: 'phone', value: '+44-20-7946-0000' },
      ]),
    ).toEqual(['1.value: repeats identifiers[0] (same kind and value)']);
    expect(
      issues([
        { kind: 'handle', value: 'sorrel' },
        { kind: 'name', value: 'Sorrel', public: true },
        { kind: 'relative', value: 'sorrel' },
      ]),
    ).toEqual([]);
  });

  it(`refuses consent dated more than ${CONSENT_CLOCK_SKEW_MS / 60_000} minutes ahead of the clock`, () => {
    const at = (ms: number) =>
      consentSchema.safeParse({
        subject: 'client',
        attestedBy: 'tester',
        method: 'written',
        obtainedAt: new Date(Date.now() + ms).toISOString(),
      }).success;
    expect(at(-86_400_000)).toBe(true);
    expect(at(CONSENT_CLOCK_SKEW_MS - 60_000)).toBe(true);
    expect(at(CONSENT_CLOCK_SKEW_MS + 60_000)).toBe(false);
  });
});

describe('the new-scan form with the new refusals', () => {
  const posted = {
    'identifiers[0][kind]': 'handle',
    'identifiers[0][value]': 'mothlantern',
    'identifiers[1][kind]': 'name',
    'identifiers[1][value]': '',
    'identifiers[2][kind]': 'handle',
    'identifiers[2][value]': 'MothLantern',
    'identifiers[3][kind]': 'name',
    'identifiers[3][value]': 'Sorrel\u202E Quistgarde',
    'consent[attestedBy]': 'case worker 17',
    'consent[method]': 'verbal',
    'consent[obtainedAt]': '2026-11-20',
    'consent[confirmed]': 'on',
    sources: ['kiwifarms'],
    allowDirect: 'on',
  };

  it('puts each refusal beside its own row, and the page shows them', () => {
    const values = readNewScanForm(posted);
    const result = toScanRequest(values, 'service');
    expect(result.ok).toBe(false);
    const errors = result.ok ? {} : result.errors;
    expect(errors).toEqual({
      'identifiers-2-value': 'This detail is already given above. Please remove one of the two.',
      'identifiers-3-value': `${TEXT_REFUSALS.bidi.charAt(0).toUpperCase()}${TEXT_REFUSALS.bidi.slice(1)}.`,
    });
    const html = render(
      NewScanPage({
        session: { kind: 'local', csrfToken: 't' },
        values,
        errors,
        sources: [{ id: 'kiwifarms', name: 'Kiwi Farms', trust: 'hostile' }],
        proxyConfigured: false,
      }),
    );
    expect(html).toContain('id="identifiers-2-value-error"');
    expect(html).toContain('This detail is already given above.');
    expect(html).toContain('id="identifiers-3-value-error"');
  });
});

describe('EXPOSURE_TRUST_PROXY', () => {
  const trust = (value: string) => loadConfig({ EXPOSURE_TRUST_PROXY: value }).trustProxy;

  it('reads false, true, a number of hops, or addresses and ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.1, 10.1.0.0/16,::1')).toEqual(['10.0.0.1', '10.1.0.0/16', '::1']);
  });

  it('refuses anything else, naming the setting', () => {
    expect(() => trust('the load balancer')).toThrow(ConfigError);
    expect(() => trust('the load balancer')).toThrow(/^invalid setting EXPOSURE_TRUST_PROXY: /);
  });
});
