import { z } from 'zod';

/**
 * A finding's id, as the report gives it (`findings[].id`) and the pages and the API take it back in
 * their paths: a UUID the fetch processor draws when it first records the post. Anything else cannot
 * name a finding. Whether a scan has it is the scan service's call.
 */
export const findingIdSchema = z.uuid('a report finding id (a UUID)');
