// main.ts's saver for file-producing operations: the native save dialog (a stand-in here) suggests the name,
// the bytes are written atomically with mode 0600 and read back; cancel writes nothing.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ProducedFile } from '../../../electron/operations/file-results';
import { createDialogSaver, type SaveDialogOptionsLike } from '../../../electron/desktop/save-file';

const dir = mkdtempSync(join(tmpdir(), 'certdesk-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pfx = (): ProducedFile => ({
  fileName: 'prov.corp.example.com.pfx',
  mime: 'application/x-pkcs12',
  filter: { name: 'PFX (PKCS #12)', extensions: ['pfx', 'p12'] },
  bytes: Buffer.from('0\x82 pretend PFX bytes'),
});

describe('createDialogSaver', () => {
  it('asks with the suggested name and the PFX filter, writes the bytes 0600, returns the path', async () => {
    const target = join(dir, 'chosen.pfx');
    const dialog = vi.fn(async (_options: SaveDialogOptionsLike) => ({ canceled: false, filePath: target }));
    const saved = await createDialogSaver(dialog)(pfx());
    expect(saved).toEqual({ path: target });
    const options = dialog.mock.calls[0][0];
    expect(options.defaultPath).toBe('prov.corp.example.com.pfx');
    expect(options.filters[0]).toEqual({ name: 'PFX (PKCS #12)', extensions: ['pfx', 'p12'] });
    expect(options.properties).toContain('showOverwriteConfirmation');
    expect(readFileSync(target).equals(pfx().bytes)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(target).mode & 0o777).toBe(0o600);
    // No temp file left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces a file the user chose to overwrite (the dialog asked)', async () => {
    const target = join(dir, 'existing.pfx');
    writeFileSync(target, 'old');
    await createDialogSaver(async () => ({ canceled: false, filePath: target }))(pfx());
    expect(readFileSync(target).equals(pfx().bytes)).toBe(true);
  });

  it('cancel (or no path) → null, nothing written', async () => {
    const before = readdirSync(dir).sort();
    expect(await createDialogSaver(async () => ({ canceled: true, filePath: join(dir, 'no.pfx') }))(pfx())).toBeNull();
    expect(await createDialogSaver(async () => ({ canceled: false }))(pfx())).toBeNull();
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('a folder that cannot be written is an error with a code, and leaves nothing', async () => {
    const target = join(dir, 'missing-folder', 'x.pfx');
    await expect(createDialogSaver(async () => ({ canceled: false, filePath: target }))(pfx())).rejects.toMatchObject({ code: 'unreadable' });
  });
});
