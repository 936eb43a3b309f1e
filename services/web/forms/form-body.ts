import { z } from 'zod';

/**
 * A form post as @fastify/formbody hands it over: names to one value or, for repeated names (checkbox
 * groups), a list. Anything else (a JSON body sent to a form route) is refused by the schema.
 */
export const formBodySchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export type FormBody = z.infer<typeof formBodySchema>;

export function parseFormBody(body: unknown): FormBody {
  const parsed = formBodySchema.safeParse(body ?? {});
  return parsed.success ? parsed.data : {};
}

/** The first value of a field, or '' when it was not sent. */
export function formValue(body: FormBody, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Every value of a repeated field (checked checkboxes of one group). */
export function formValues(body: FormBody, name: string): string[] {
  const value = body[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
