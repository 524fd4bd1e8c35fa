// build/electron-builder.json against electron-builder's own JSON schema, plus the packaging requirements
// of issue [2] (per-machine NSIS, file associations, asarUnpack for native modules and PowerShell scripts).
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSOCIATED_EXTENSIONS } from '../../../electron/desktop/argv';

const root = join(__dirname, '..', '..', '..');
const configFile = join(root, 'build', 'electron-builder.json');
const config = JSON.parse(readFileSync(configFile, 'utf8'));
const schema = JSON.parse(readFileSync(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'));

/** electron-builder's globs, enough for these checks: `**` any depth, `*` within one segment. */
function glob(pattern: string): RegExp {
  const body = pattern
    .split('**/')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '.*').replace(/\*/g, '[^/]*'))
    .join('(?:.*/)?');
  return new RegExp(`^${body}$`);
}
/** electron-builder's reading of a pattern list: the last pattern that matches decides, and a leading ! excludes. */
const matchesAny = (patterns: string[], path: string) =>
  patterns.reduce((included, p) => (p.startsWith('!') ? (glob(p.slice(1)).test(path) ? false : included) : included || glob(p).test(path)), false);

describe('build/electron-builder.json', () => {
  it("is valid against electron-builder's scheme.json", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check is not vacuous: a misspelt option is rejected', () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ ...config, nsis: { ...config.nsis, perMachin: true } })).toBe(false);
    expect(validate({ ...config, asarUnpak: [] })).toBe(false);
  });

  it("passes electron-builder's own configuration check (what `electron-builder` runs first)", async () => {
    const { validateConfiguration } = await import('app-builder-lib/out/util/config/config.js');
    const quiet = { isEnabled: false, add: () => undefined };
    await expect(validateConfiguration(structuredClone(config), quiet as never)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...structuredClone(config), nsis: { perMachin: true } }, quiet as never)).rejects.toThrow(/Invalid configuration/);
  });

  it('identifies the app and writes to release/', () => {
    expect(config.appId).toBe('com.certdesk.app');
    expect(config.productName).toBe('CertDesk');
    expect(config.directories.output).toBe('release');
    expect(config.extraMetadata.main).toBe('dist/desktop/main.js');
  });

  it('Windows: NSIS, per machine, not one-click, may elevate', () => {
    expect(JSON.stringify(config.win.target)).toContain('nsis');
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, allowElevation: true });
  });

  it('Linux AppImage + deb, macOS dmg', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(JSON.stringify(config.mac.target)).toContain('dmg');
  });

  it('associates exactly the 7 certificate extensions, as a viewer with a name and description', () => {
    const exts = config.fileAssociations.flatMap((a: { ext: string | string[] }) => (Array.isArray(a.ext) ? a.ext : [a.ext]));
    expect([...exts].sort()).toEqual(['cer', 'crt', 'csr', 'der', 'p12', 'p7b', 'pfx']);
    expect([...exts].sort()).toEqual([...ASSOCIATED_EXTENSIONS].sort()); // what main.ts opens from argv
    for (const association of config.fileAssociations) {
      expect(association.role).toBe('Viewer');
      expect(association.name).toBeTruthy();
      expect(association.description).toBeTruthy();
    }
  });

  it('asar, with native modules and PowerShell scripts unpacked', () => {
    expect(config.asar).toBe(true);
    const unpack: string[] = config.asarUnpack;
    expect(unpack).toContain('**/*.node');
    expect(matchesAny(unpack, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(matchesAny(unpack, 'node_modules/keytar/build/Release/keytar.node')).toBe(true);
    expect(matchesAny(unpack, 'electron/engine/windows/scripts/import-pfx.ps1')).toBe(true);
    expect(matchesAny(unpack, 'electron/engine/windows/scripts/acl/grant.ps1')).toBe(true);
    // …and the scripts are packaged in the first place
    expect(matchesAny(config.files, 'electron/engine/windows/scripts/import-pfx.ps1')).toBe(true);
  });

  it('ships the bundles and the built renderer, not sources or tests', () => {
    const files: string[] = config.files;
    for (const path of ['package.json', 'dist/desktop/main.js', 'dist/desktop/preload.js', 'renderer/dist/index.html', 'renderer/dist/assets/index-abc.js', 'dist/electron/cli/main.js']) {
      expect(matchesAny(files, path)).toBe(true);
    }
    // dist/cli/ is the command line's bundle with a code cache for Node's V8, which the app's certdesk.cmd does not use.
    for (const path of ['electron/desktop/main.ts', 'test/unit/electron/ipc.test.ts', 'renderer/src/App.tsx', 'shared/api.ts', 'scripts/start.js', 'dist/cli/certdesk.js', 'dist/electron/cli/main.js.map']) {
      expect(matchesAny(files, path)).toBe(false);
    }
  });

  it('rebuilds native modules for Electron, and turns off the Node escape hatches', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });

  // Electron's security fuses (https://www.electronjs.org/docs/latest/tutorial/fuses), flipped in the binary
  // at packaging time. Each one is named with the value it must have: a fuse left out keeps Electron's
  // default, which for most of these is the unsafe one.
  const REQUIRED_FUSES: Record<string, boolean> = {
    // app.asar is checked against the hash embedded in the executable: a tampered archive does not load.
    enableEmbeddedAsarIntegrityValidation: true,
    // Only app.asar is loaded, never a loose app/ folder put beside it.
    onlyLoadAppFromAsar: true,
    // file:// pages get no extra privileges (the renderer is loaded from the asar, not from a file page).
    grantFileProtocolExtraPrivileges: false,
    // ELECTRON_RUN_AS_NODE would turn the signed CertDesk.exe into a plain Node for any caller.
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
  };

  it.each(Object.entries(REQUIRED_FUSES))('fuse %s is %s', (fuse, value) => {
    expect(config.electronFuses).toHaveProperty(fuse);
    expect(config.electronFuses[fuse]).toBe(value);
  });

  it('each fuse named is one electron-builder knows (a misspelt fuse would be silently ignored)', () => {
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties);
    for (const fuse of Object.keys(config.electronFuses)) expect(known).toContain(fuse);
    for (const fuse of Object.keys(REQUIRED_FUSES)) expect(known).toContain(fuse);
  });

  it('packages a supported Electron major (the latest three get security fixes; 41 is out of support)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const range: string = pkg.devDependencies.electron;
    const major = Number(/(\d+)\./.exec(range)?.[1]);
    expect(major).toBeGreaterThanOrEqual(45);
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
    expect(lock.packages[''].devDependencies.electron).toBe(range);
    expect(Number(lock.packages['node_modules/electron'].version.split('.')[0])).toBe(major);
  });

  it('the icons exist and are what they claim to be', () => {
    const png = readFileSync(join(root, 'build', 'icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // width
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512); // height
    const ico = readFileSync(join(root, config.win.icon));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1); // icon
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });
});
