// The fleet view (issue [10] item 4): every certificate file under a folder — several provisioning servers'
// exports — judged by the engine (inspect.ts), one row each. Pure over bytes (`judgeFleetFile`), plus a bounded
// folder walk for the CLI (`walkCertificateFolder`): symbolic links are never followed, depth and count are
// bounded, files over 10 MiB are listed as too large without being read.
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { EXPIRY_WARNING_DAYS, type ExpiryWarning, type FleetResult, type FleetRow } from '../../shared/contract/fleet';
import { MAX_FILE_BYTES } from '../../shared/contract/operation';
import type { InspectResult } from '../../shared/dto';
import { CertDeskError, toErrorInfo } from '../../shared/errors';
import { errorRow, fleetTotals, shortFix, tooLargeRow } from '../../shared/fleet-rows';
import { servableSuffixes } from './amt/dns';
import { inspectBytes } from './inspect';

const DAY = 86_400_000;

/** The extensions the walk reads (what CertDesk opens by content; anything else in the folder is skipped). */
export const CERTIFICATE_EXTENSIONS = ['.pfx', '.p12', '.cer', '.crt', '.der', '.pem', '.p7b', '.p7c', '.csr', '.req'];
export const FLEET_MAX_DEPTH = 8;
export const FLEET_MAX_FILES = 5000;

export interface FleetFile {
  /** Shown in the table: the path relative to the folder, or the file name. */
  name: string;
  bytes: Buffer;
  password?: string;
}

export interface FleetOptions {
  /** Tried on every file that needs a password (per-file passwords win). */
  password?: string;
  amtVersions?: string[];
  /** Internal-CA roots added to the devices (check's --trust-root-hash). */
  trustRootHashes?: string[];
  now?: Date;
}

export function expiryWarning(daysLeft: number | null): ExpiryWarning {
  if (daysLeft === null) return null;
  if (daysLeft < 0) return 'expired';
  const [d60, d30, d1] = EXPIRY_WARNING_DAYS;
  if (daysLeft <= d1) return '1-day';
  if (daysLeft <= d30) return '30-days';
  if (daysLeft <= d60) return '60-days';
  return null;
}

function inspectTrying(file: FleetFile, options: FleetOptions, now: Date): InspectResult {
  const password = file.password ?? options.password;
  try {
    return inspectBytes({ fileName: file.name, bytes: file.bytes, password, amtVersions: options.amtVersions, trustRootHashes: options.trustRootHashes, now });
  } catch (error) {
    // A file with an empty password (or none) is still readable when the folder's password is wrong for it.
    if (error instanceof CertDeskError && error.code === 'wrong-password' && password !== undefined) {
      return inspectBytes({ fileName: file.name, bytes: file.bytes, amtVersions: options.amtVersions, trustRootHashes: options.trustRootHashes, now });
    }
    throw error;
  }
}

function rowFromInspect(name: string, result: InspectResult, now: Date): FleetRow {
  const leaf = result.leaf;
  const cn = leaf?.subjectAttributes.find((a) => a.type === 'CN')?.value ?? result.request?.subjectAttributes.find((a) => a.type === 'CN')?.value ?? null;
  const suffixes = cn ? [...new Set(servableSuffixes([cn]).map((s) => s.suffix))] : [];
  const daysLeft = leaf ? Math.floor((new Date(leaf.notAfter).getTime() - now.getTime()) / DAY) : null;
  const generations = result.amt.generations
    .filter((g) => !g.proposed)
    .map((g) => ({ id: g.id, name: g.name, ready: g.ready, asked: g.asked }));
  const failingIds = new Set(result.amt.generations.filter((g) => g.asked && !g.ready).flatMap((g) => g.failing));
  const failing = result.amt.checks.find((c) => c.status === 'fail') ?? result.amt.checks.find((c) => failingIds.has(c.id));
  const ready = result.amt.ready;
  return {
    file: name,
    status: ready ? 'ready' : 'not-ready',
    format: result.format,
    serverCn: cn,
    suffixes,
    notAfter: leaf?.notAfter ?? null,
    daysLeft,
    expiryWarning: expiryWarning(daysLeft),
    generations,
    ready,
    todo: ready || !failing ? '' : shortFix(failing.fix ?? failing.message),
    ...(failing && !ready ? { failing: failing.id } : {}),
    ...(leaf ? { sha256: leaf.sha256 } : {}),
  };
}

/** One file's row; never throws (an unreadable file is a row, not a failure of the run). */
export function judgeFleetFile(file: FleetFile, options: FleetOptions = {}): FleetRow {
  const now = options.now ?? new Date();
  if (file.bytes.length > MAX_FILE_BYTES) return tooLargeRow(file.name, file.bytes.length);
  try {
    return rowFromInspect(file.name, inspectTrying(file, options, now), now);
  } catch (error) {
    return errorRow(file.name, toErrorInfo(error));
  }
}

/** Rows for files already in memory (the app's batches; tests). */
export function checkFleet(files: FleetFile[], options: FleetOptions = {}, onProgress?: (done: number, total: number) => void): FleetResult {
  const rows: FleetRow[] = [];
  for (const file of files) {
    rows.push(judgeFleetFile(file, options));
    onProgress?.(rows.length, files.length);
  }
  return { rows, totals: fleetTotals(rows) };
}

// ---------------------------------------------------------------- the folder walk (CLI)

export interface FolderEntry {
  /** Relative to the folder, with "/" separators. */
  name: string;
  path: string;
  size: number;
}

export interface FolderWalk {
  files: FolderEntry[];
  skipped: { symlinks: number; otherFiles: number; tooDeep: number; overLimit: number };
}

/** Certificate files under `dir`: depth ≤ maxDepth, at most maxFiles (the rest counted), symlinks never followed. */
export function walkCertificateFolder(dir: string, limits: { maxDepth?: number; maxFiles?: number } = {}): FolderWalk {
  const maxDepth = limits.maxDepth ?? FLEET_MAX_DEPTH;
  const maxFiles = limits.maxFiles ?? FLEET_MAX_FILES;
  const out: FolderWalk = { files: [], skipped: { symlinks: 0, otherFiles: 0, tooDeep: 0, overLimit: 0 } };
  const visit = (folder: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if (depth === 0) throw new CertDeskError('unreadable', `Cannot read the folder ${folder} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
      out.skipped.otherFiles++;
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isSymbolicLink()) {
        out.skipped.symlinks++;
        continue;
      }
      if (entry.isDirectory()) {
        if (depth + 1 > maxDepth) out.skipped.tooDeep++;
        else visit(path, depth + 1);
        continue;
      }
      if (!entry.isFile()) continue;
      const lower = entry.name.toLowerCase();
      if (!CERTIFICATE_EXTENSIONS.some((ext) => lower.endsWith(ext))) {
        out.skipped.otherFiles++;
        continue;
      }
      if (out.files.length >= maxFiles) {
        out.skipped.overLimit++;
        continue;
      }
      let size: number;
      try {
        size = lstatSync(path).size;
      } catch {
        size = 0;
      }
      out.files.push({ name: relative(dir, path).split(sep).join('/'), path, size });
    }
  };
  visit(dir, 0);
  return out;
}

/** Reads one walked file for judging: an over-10-MiB file is never read (its row says too-large). */
export function readFleetEntry(entry: FolderEntry): FleetFile | FleetRow {
  if (entry.size > MAX_FILE_BYTES) {
    return tooLargeRow(entry.name, entry.size);
  }
  try {
    return { name: entry.name, bytes: readFileSync(entry.path) };
  } catch (error) {
    return errorRow(entry.name, { code: 'unreadable', message: `Cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}).` });
  }
}
