// An independent reader: MeshCommander's own setup.bin decoder (amt-setupbin-0.1.0.js, Apache-2.0), run in a
// sandbox straight from a local git snapshot of Ylianst/MeshCommander (never copied into this project), must read
// what CertDesk writes the way CertDesk's reader does. Optional: skipped when no snapshot is on this machine
// (set MESHCOMMANDER_GIT_DIR to a clone's .git, or fetch github:Ylianst/MeshCommander into /work/.mirror).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { readSetupBin } from '../../../electron/engine/amt/setupbin/read';
import { buildCustomRootSetupBin } from '../../../electron/engine/amt/setupbin/write';

const GIT_DIR = process.env.MESHCOMMANDER_GIT_DIR ?? '/work/.mirror/Ylianst+MeshCommander/repo';

function meshCommanderSource(): string | null {
  if (!existsSync(GIT_DIR)) return null;
  const shown = spawnSync('git', ['--git-dir', GIT_DIR, 'show', 'HEAD:amt-setupbin-0.1.0.js'], { encoding: 'latin1' });
  return shown.status === 0 ? shown.stdout : null;
}

const source = meshCommanderSource();
if (!source) console.warn(`MeshCommander snapshot not found at ${GIT_DIR}: the cross-check with its setup.bin decoder is skipped`);

interface McVariable {
  moduleid: number;
  varid: number;
  length: number;
  value: string | number;
}
interface McFile {
  fileType: number;
  majorVersion: number;
  flags: number;
  records: { flags: number; variables: McVariable[] }[];
}

/** MeshCommander's decoder in a fresh context, with the byte helpers its page provides (written here, not copied). */
function meshCommanderDecode(bytes: Buffer): McFile | undefined {
  const helpers = {
    ReadShortX: (s: string, p: number) => s.charCodeAt(p) + (s.charCodeAt(p + 1) << 8),
    ReadIntX: (s: string, p: number) => s.charCodeAt(p) + (s.charCodeAt(p + 1) << 8) + (s.charCodeAt(p + 2) << 16) + s.charCodeAt(p + 3) * 0x1000000,
    rstr2hex: (s: string) => Buffer.from(s, 'latin1').toString('hex'),
    guidToStr: (h: string) => h,
  };
  const context: Record<string, unknown> = { ...helpers };
  runInNewContext(`${source}\n;this.decode = AmtSetupBinDecode;`, context, { timeout: 5000 });
  return (context.decode as (s: string) => McFile | undefined)(bytes.toString('latin1'));
}

describe.skipIf(!source)("MeshCommander's decoder reads CertDesk's files", () => {
  const rootSha256 = createHash('sha256').update('internal root').digest();
  const options = { currentMebxPassword: 'admin', newMebxPassword: 'N3w-Passw0rd!', suffix: 'corp.example.com', rootSha256, hashName: 'Corp Root CA' };

  test.each([false, true])('scramble=%s: same variables, values and hash as CertDesk reads', (scramble) => {
    const bytes = buildCustomRootSetupBin({ ...options, scramble });
    const mc = meshCommanderDecode(bytes);
    expect(mc).toBeDefined();
    expect(mc!.fileType).toBe(4);
    expect(mc!.majorVersion).toBe(4);
    expect(mc!.flags).toBe(1);
    expect(mc!.records).toHaveLength(1);
    const ours = readSetupBin('x', bytes, { showSecrets: true }).records[0].variables;
    const theirs = mc!.records[0].variables;
    expect(theirs.map((v) => `${v.moduleid}/${v.varid}`)).toEqual(ours.map((v) => `${v.module}/${v.id}`));
    const byId = new Map(theirs.map((v) => [`${v.moduleid}/${v.varid}`, v]));
    expect(byId.get('1/1')!.value).toBe('admin');
    expect(byId.get('1/2')!.value).toBe('N3w-Passw0rd!');
    expect(byId.get('1/3')!.value).toBe(1);
    expect(byId.get('2/3')!.value).toBe('corp.example.com');
    expect(byId.get('2/5')!.value).toBe(1);
    const hash = Buffer.from(byId.get('2/8')!.value as string, 'latin1');
    expect(hash[0]).toBe(2);
    expect(hash.subarray(1, 33).equals(rootSha256)).toBe(true);
    expect(hash.subarray(34).toString('latin1')).toBe('Corp Root CA');
  });
});
