import { describe, expect, it } from 'vitest';
import { isDoxShaped } from '../../shared/domain/dox-shape.js';
import type { IdentifierKind } from '../../shared/domain/identifier.js';
import { scoreExposure, SEVERITY_EXPLANATIONS, type Severity } from '../../shared/domain/severity.js';

const h = { kind: 'handle' as IdentifierKind, public: true };
const displayName = { kind: 'name' as IdentifierKind, public: true };
const legalName = { kind: 'name' as IdentifierKind, public: false };
const email = { kind: 'email' as IdentifierKind, public: false };
const phone = { kind: 'phone' as IdentifierKind, public: false };
const address = { kind: 'address' as IdentifierKind, public: false };
const dob = { kind: 'dob' as IdentifierKind, public: false };

describe('severity rules', () => {
  const table: Array<[string, Parameters<typeof scoreExposure>[0], Severity]> = [
    ['handle alone on a neutral source', { exposed: [h], trust: 'neutral' }, 'info'],
    ['handle alone on a hostile source', { exposed: [h], trust: 'hostile' }, 'low'],
    ['public display name alone on a hostile source', { exposed: [displayName], trust: 'hostile' }, 'low'],
    [
      'handle with the legal name on a neutral source',
      { exposed: [h, legalName], trust: 'neutral' },
      'medium',
    ],
    ['email alone on a neutral source', { exposed: [email], trust: 'neutral' }, 'medium'],
    ['legal name on a hostile source', { exposed: [legalName], trust: 'hostile' }, 'high'],
    ['date of birth on a hostile source', { exposed: [dob, h], trust: 'hostile' }, 'high'],
    ['home address anywhere', { exposed: [address], trust: 'neutral' }, 'critical'],
    ['phone together with the name', { exposed: [phone, legalName], trust: 'neutral' }, 'critical'],
    ['phone together with a display name', { exposed: [phone, displayName], trust: 'neutral' }, 'critical'],
    [
      'dox-shaped page with a sensitive identifier',
      { exposed: [email], trust: 'neutral', doxShaped: true },
      'critical',
    ],
    ['dox-shaped page with only a handle', { exposed: [h], trust: 'hostile', doxShaped: true }, 'low'],
    ['nothing exposed', { exposed: [], trust: 'hostile' }, 'info'],
  ];
  it.each(table)('%s -> %s', (_name, facts, expected) => {
    expect(scoreExposure(facts)).toBe(expected);
  });

  it('explains every level in plain words', () => {
    for (const text of Object.values(SEVERITY_EXPLANATIONS)) expect(text.length).toBeGreaterThan(40);
  });
});

describe('dox-shaped pages', () => {
  it.each([
    ['colon labels', 'Name: A B\nAddress: 1 Main St\nPhone: 555\n'],
    ['dotted leaders', '[+] Handles ..... x\n[+] Name ........ y\n[+] Email ....... z\n[+] Phone ....... 1'],
    ['tree layout', '├ Full Name: a\n├ DOB: b\n└ Mother: c'],
  ])('recognises %s', (_name, text) => expect(isDoxShaped(text)).toBe(true));

  it.each([
    ['chat with colons', 'edit: typo\nI think: yes\nlol: no'],
    ['two fields only', 'Name: a\nEmail: b'],
  ])('does not flag %s', (_name, text) => expect(isDoxShaped(text)).toBe(false));
});
