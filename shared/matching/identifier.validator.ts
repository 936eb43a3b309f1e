/**
 * Checks on identifier values that the profile schema cannot express: an e-mail must look like one,
 * a phone must parse (in its region when given), a date of birth must be a real ISO date from 1900 on, an address
 * should carry a house number. Errors name the identifier and the field, for the CLI's exit-2 message.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import type { Identifier } from '../domain/identifier.js';
import { parseIsoDate } from './date.parser.js';

export interface IdentifierValueError {
  identifierId: string;
  field: 'value' | 'region';
  message: string;
}

/**
 * The earliest year a date of birth may be in: the person is alive. Also what keeps the search for a
 * year written backwards sane (a year under 100 has no two-digit form).
 */
const EARLIEST_BIRTH_YEAR = 1900;

const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)+$/u;

export function validateIdentifierValues(identifiers: Identifier[]): IdentifierValueError[] {
  const errors: IdentifierValueError[] = [];
  for (const identifier of identifiers) {
    const { id, kind, value } = identifier;
    if (kind === 'email' && !EMAIL.test(value.trim())) {
      errors.push({
        identifierId: id,
        field: 'value',
        message: 'must be an e-mail address like name@example.com',
      });
    }
    if (kind === 'phone') {
      const parsed = parsePhoneNumberFromString(
        value,
        identifier.region ? { defaultCountry: identifier.region as CountryCode } : undefined,
      );
      if (!parsed || !parsed.isPossible()) {
        errors.push({
          identifierId: id,
          field: 'value',
          message: identifier.region
            ? `must be a phone number that can be dialled in ${identifier.region}`
            : 'must be a phone number in international form (+44 …) or have a "region"',
        });
      }
    }
    if (kind === 'dob' && !((parseIsoDate(value)?.year ?? 0) >= EARLIEST_BIRTH_YEAR)) {
      errors.push({
        identifierId: id,
        field: 'value',
        message: `must be a date written YYYY-MM-DD, in ${EARLIEST_BIRTH_YEAR} or later`,
      });
    }
  }
  return errors;
}
