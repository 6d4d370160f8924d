import type { z } from 'zod';
import { ApiError } from '../errors.ts';

/** Parses a request part with a protocol schema; a 400 names the first problems (paths, not values). */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ');
  throw new ApiError('bad_request', `The request is not valid: ${problems}.`);
}
