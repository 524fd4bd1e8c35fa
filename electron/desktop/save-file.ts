// How Electron's main process delivers a file-producing operation's bytes (shared/contract/files.ts): a
// native save dialog suggests the file name, then the bytes are written atomically (temp file 0600, fsync,
// read back and compared, rename) with the same writer as the CLI. The page only learns the path.
// The dialog comes in as a function, so this is tested in plain Node; main.ts passes Electron's.
import type { SavedFile } from '../../shared/contract/requests';
import type { ProducedFile } from '../operations/file-results';
import type { SaveFile } from './ipc';
import { writeFileAtomic } from '../engine/requests/files';
import { CertDeskError } from '../../shared/errors';

/** The part of Electron's SaveDialogOptions used here. */
export interface SaveDialogOptionsLike {
  title: string;
  defaultPath: string;
  buttonLabel: string;
  filters: { name: string; extensions: string[] }[];
  properties: Array<'createDirectory' | 'showOverwriteConfirmation'>;
}

/** Electron's dialog.showSaveDialog answer. */
export interface SaveDialogAnswerLike {
  canceled: boolean;
  filePath?: string;
}

export type ShowSaveDialog = (options: SaveDialogOptionsLike) => Promise<SaveDialogAnswerLike>;

export function saveDialogOptions(file: ProducedFile): SaveDialogOptionsLike {
  return {
    title: `Save ${file.fileName}`,
    defaultPath: file.fileName,
    buttonLabel: 'Save',
    filters: [file.filter, { name: 'All files', extensions: ['*'] }],
    // macOS and Windows always confirm replacing a file; Linux only with this.
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

export function createDialogSaver(showSaveDialog: ShowSaveDialog, write: typeof writeFileAtomic = writeFileAtomic): SaveFile {
  return async (file: ProducedFile): Promise<SavedFile | null> => {
    const answer = await showSaveDialog(saveDialogOptions(file));
    if (answer.canceled || !answer.filePath) return null;
    const path = write(answer.filePath, file.bytes, {
      // The dialog has already asked whether to replace an existing file.
      force: true,
      // The file holds a private key (password-protected): readable by its owner only.
      mode: 0o600,
      verify: (written) => {
        if (!written.equals(file.bytes)) throw new CertDeskError('internal', `What was written to ${answer.filePath} did not read back the same; nothing was saved.`);
      },
    });
    return { path };
  };
}
