// A File from the picker or a drop → the bridge's { fileName, contentBase64 }.
import type { OpenedFile } from '../../../shared/bridge';
import { bytesToBase64 } from './base64';

export async function readOpenedFile(file: File): Promise<OpenedFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { fileName: file.name, contentBase64: bytesToBase64(bytes) };
}
