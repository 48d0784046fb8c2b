/**
 * Hands an exported file (an export channel's answer) to the user: a download in the browser, which the
 * desktop face turns into its save dialog. The bytes are exactly the channel's, so what the UI saves is
 * what `novel-console export …` writes.
 */
import type { ExportedFile } from '../../../src-shared/domain/exports';

export function fileBytes(file: ExportedFile): Uint8Array<ArrayBuffer> {
  if (file.encoding === 'utf8') return new TextEncoder().encode(file.content) as Uint8Array<ArrayBuffer>;
  const binary = atob(file.content);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function saveExportedFile(file: ExportedFile): void {
  const url = URL.createObjectURL(new Blob([fileBytes(file)], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the bytes once click() returns; the URL is released on the next tick.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
