// Route helpers shared by the casework pages: the form round trip (save, or show the GOV.UK error
// summary with everything typed kept) and the posted body with its repeated fields.
import type { FastifyReply } from 'fastify';
import { ValidationError, type FieldErrors } from '../../platform/errors.ts';
import { readForm } from '../../web/forms.ts';

export async function handleForm<T>(
  reply: FastifyReply,
  work: () => Promise<T>,
  rerender: (errors: FieldErrors) => Promise<FastifyReply>,
  done: (result: T) => FastifyReply,
): Promise<FastifyReply> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    reply.code(400);
    return rerender(error.fields);
  }
  return done(result);
}

/** All posted fields as strings (last value of repeated ones); use readList for checkboxes. */
export function formOf(body: unknown): Record<string, string> {
  return { ...readForm<string>(body) };
}
