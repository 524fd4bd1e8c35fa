import type { z } from 'zod';

/** An operation of the contract: its input schema (validated at every transport) and, as a type only, its output. */
export interface Operation<I extends z.ZodType, O> {
  input: I;
  /** Phantom: never set at run time, carries the output type. */
  readonly output?: O;
}

export function operation<O>() {
  return <I extends z.ZodType>(input: I): Operation<I, O> => ({ input });
}

/** Base64 of at most 10 MiB of bytes (the engine refuses larger files with `too-large`; this bound stops abuse earlier). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
