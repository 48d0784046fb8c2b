/**
 * Exports (SPEC section 8): what an export channel answers — one file, named, typed and carried in the
 * JSON contract (base64 for binary formats, UTF-8 text otherwise), so the desktop face saves it through a
 * save dialog and the headless face as a download, byte for byte what `novel-console export …` writes.
 */
import { z } from 'zod';

export const ExportedFile = z.strictObject({
  /** A suggested file name (no directory), e.g. `turn-3f2a….pdf`. */
  fileName: z.string().min(1).max(200),
  mimeType: z.string().min(1).max(100),
  encoding: z.enum(['base64', 'utf8']),
  content: z.string(),
  /** Size of the decoded file in bytes. */
  bytes: z.number().int().nonnegative(),
});
export type ExportedFile = z.infer<typeof ExportedFile>;
