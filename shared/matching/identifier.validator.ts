/**
 * Checks on identifier values that the profile schema cannot express: an e-mail must look like one,
 * a phone must parse (in its region when given), a date of birth must be a real ISO date, an address
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
    if (kind === 'dob' && !parseIsoDate(value)) {
      errors.push({ identifierId: id, field: 'value', message: 'must be a date written YYYY-MM-DD' });
    }
  }
  return errors;
}
