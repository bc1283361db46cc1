// Reads the small form bodies the auth routes accept, and a parameter that may appear only once.
import { badRequest, ErrorCode } from '../domain/errors.js';
import type { HttpRequest } from './types.js';

/** Bodies we accept are small: a code, a state, a logout token. */
export const MAX_FORM_BYTES = 64 * 1024;

/** Parses an `application/x-www-form-urlencoded` body; anything else is a 400. */
export async function readForm(req: HttpRequest): Promise<URLSearchParams> {
  const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw badRequest(ErrorCode.InvalidRequest, 'the body must be application/x-www-form-urlencoded');
  }
  let text: string;
  try {
    text = await req.readText(MAX_FORM_BYTES);
  } catch (cause) {
    throw badRequest(ErrorCode.InvalidRequest, 'the body is too large or unreadable', cause);
  }
  return new URLSearchParams(text);
}

/** One value of a parameter that must appear at most once; `null` when absent. */
export function single(params: URLSearchParams, name: string): string | null {
  const values = params.getAll(name);
  if (values.length > 1) throw badRequest(ErrorCode.InvalidRequest, `"${name}" appears more than once`);
  return values[0] ?? null;
}
