export { compileProfile } from './profile.compiler.js';
export type { CompiledProfile } from './profile.compiler.js';
export { matchText } from './text.matcher.js';
export { runMatchContract, ProfileError } from './match-contract.js';
export type { MatchContractOutput, MatchContractFile } from './match-contract.js';
export { validateIdentifierValues } from './identifier.validator.js';
export { extractText } from './text.extractor.js';
