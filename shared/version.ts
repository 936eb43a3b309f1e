/** The scanner's version, printed by the CLI, the API description, reports and evidence packs. */
export const SCANNER_VERSION = '0.1.0';
