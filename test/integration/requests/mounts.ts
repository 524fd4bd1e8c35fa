// Tiny tmpfs mounts for disk-full and read-only tests, on a real file system and without touching the host:
// everything runs in a private mount namespace (`unshare -m` as root, `unshare -rm` otherwise), so the mount
// disappears with it. Because the mount lives only as long as the namespace's shell, one script runs the
// whole scenario (mount, copy data in, fill, run the CLI, remount read-only …) and copies out what the test
// inspects afterwards. Each CLI step's stdout, stderr and exit code land in files of a host folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../support/cli';

/** `unshare` flags for a private mount namespace (a user namespace too when not root). */
export function unshareFlags(): string[] {
  return process.getuid?.() === 0 ? ['-m'] : ['-r', '-m'];
}

let usable: boolean | undefined;

/** True when this machine lets us mount a tmpfs in a private mount namespace. */
export function mountNamespacesWork(): boolean {
  if (usable !== undefined) return usable;
  const dir = mkdtempSync(join(tmpdir(), 'certdesk-mnt-probe-'));
  try {
    const r = spawnSync('unshare', [...unshareFlags(), 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$1" && touch "$1/x"', 'sh', dir], { timeout: 10_000 });
    usable = r.status === 0;
  } catch {
    usable = false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return usable;
}

/** Single-quoted for sh. */
export const shq = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A scenario run in one private mount namespace. Build it step by step, then `run()`. */
export class MountScript {
  private readonly lines: string[] = [];
  private readonly names = new Set<string>();
  /** Host folder receiving each step's output (and whatever `copyOut` copies). */
  readonly out = mkdtempSync(join(tmpdir(), 'certdesk-mnt-out-'));

  /** Mounts a tmpfs of `sizeKiB` on the existing folder `dir` (the script stops when that fails). */
  tmpfs(dir: string, sizeKiB: number): this {
    this.lines.push(`mount -t tmpfs -o size=${sizeKiB}k,mode=700 tmpfs ${shq(dir)} || exit 90`);
    return this;
  }

  /** Fills the file system of `dir` with `dir/.filler`, then frees `leaveKiB` of it again (0: completely full). */
  fill(dir: string, leaveKiB = 0): this {
    const filler = shq(join(dir, '.filler'));
    this.lines.push(`rm -f ${filler}; dd if=/dev/zero of=${filler} bs=4k 2>/dev/null; true`);
    if (leaveKiB > 0) this.lines.push(`truncate -s -${leaveKiB}K ${filler} || exit 92`);
    return this;
  }

  /** Frees the space taken by `fill`. */
  unfill(dir: string): this {
    this.lines.push(`rm -f ${shq(join(dir, '.filler'))}`);
    return this;
  }

  /** Remounts the tmpfs on `dir` read-only. */
  readOnly(dir: string): this {
    this.lines.push(`mount -o remount,ro ${shq(dir)} || exit 91`);
    return this;
  }

  /** Any shell line (no output capture). */
  sh(line: string): this {
    this.lines.push(line);
    return this;
  }

  /** `cp -a from to`: data prepared on the host into the mount, or results out of it (the script stops when it fails). */
  copy(from: string, to: string): this {
    this.lines.push(`cp -a ${shq(from)} ${shq(to)} || exit 93`);
    return this;
  }

  /** A command whose output the test reads back as step `name`. */
  step(name: string, argv: string[], env: Record<string, string> = {}): this {
    if (this.names.has(name) || !/^[\w.-]+$/.test(name)) throw new Error(`bad or repeated step name ${name}`);
    this.names.add(name);
    const assignments = Object.entries(env).map(([k, v]) => `${k}=${shq(v)}`);
    const base = join(this.out, name);
    this.lines.push(
      `env ${assignments.join(' ')} ${argv.map(shq).join(' ')} >${shq(base + '.stdout')} 2>${shq(base + '.stderr')} </dev/null; echo $? >${shq(base + '.code')}`,
    );
    return this;
  }

  /** The real CLI (node bin/certdesk.js after `npm run build`) as step `name`. */
  cli(name: string, args: string[], env: Record<string, string> = {}): this {
    return this.step(name, [process.execPath, join(ROOT, 'bin', 'certdesk.js'), ...args], { NO_COLOR: '1', ...env });
  }

  /** Runs the script in a new mount namespace; the process environment (D-Bus address included) passes through. */
  run(timeoutMs = 120_000): Map<string, StepResult> {
    const script = ['set -u', `cd ${shq(ROOT)}`, ...this.lines].join('\n');
    const r = spawnSync('unshare', [...unshareFlags(), 'sh', '-c', script], { encoding: 'utf8', timeout: timeoutMs, env: process.env });
    if (r.status !== 0) throw new Error(`the mount namespace script failed (exit ${r.status}, ${r.signal ?? 'no signal'}): ${r.stderr}\n${script}`);
    const results = new Map<string, StepResult>();
    for (const name of this.names) {
      const read = (ext: string) => readFileSync(join(this.out, `${name}.${ext}`), 'utf8');
      const stdout = read('stdout');
      results.set(name, { code: Number(read('code').trim()), stdout, stderr: read('stderr'), json: () => JSON.parse(stdout) });
    }
    return results;
  }

  cleanup(): void {
    rmSync(this.out, { recursive: true, force: true });
  }
}
