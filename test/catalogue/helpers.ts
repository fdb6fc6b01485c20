/** Small assertion helpers for catalogue tests. */
import { DomainError } from '../../src/errors.ts';

/** Awaits a promise expected to fail with a domain error and returns it (fails the test otherwise). */
export async function ConflictOr(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a domain error');
}
