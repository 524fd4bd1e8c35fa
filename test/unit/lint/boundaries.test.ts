// The layer boundaries are lint rules (eslint.config.mjs zones, scripts/eslint-boundaries.mjs): this proves they
// fire. Each case lints planted source through ESLint's Node API as if it were a file at that path (lintText with
// a filePath: nothing is written into the tree, so a concurrent `npm run lint` or `git add` never sees it).
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The boundary messages ESLint reports for `code` as the file `path` (from the repository root). */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result.messages.filter((m) => m.ruleId === 'certdesk/boundaries').map((m) => m.message);
}

describe('lint zones', () => {
  it.each([
    ['electron/engine/planted.ts', "import 'electron';\n", /engine.*may not import 'electron'/],
    ['electron/engine/amt/planted.ts', "import { app } from 'electron';\nexport const a = app;\n", /'electron'/],
    ['electron/engine/planted.ts', "export async function f() { return import('electron'); }\n", /'electron'/],
    [
      'electron/engine/planted.ts',
      "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const e = require('electron');\n",
      /'electron'/,
    ],
    ['electron/engine/planted.ts', "export type App = typeof import('electron').app;\n", /'electron'/],
    ['electron/engine/planted.ts', "import { useState } from 'react';\nexport const u = useState;\n", /'react'/],
    ['electron/engine/pki/planted.ts', "import { setupIpc } from '../../desktop/ipc';\nexport const s = setupIpc;\n", /electron\/desktop\/ipc/],
    ['electron/engine/planted.ts', "export * from '../cli/io';\n", /electron\/cli\/io/],
    ['electron/engine/planted.ts', "import { startPreview } from '../preview/server';\nexport const p = startPreview;\n", /electron\/preview\/server/],
    ['electron/engine/planted.ts', "import { handlerFor } from '../operations/handler-table';\nexport const h = handlerFor;\n", /electron\/operations\/handler-table/],
    ['electron/cli/planted.ts', "import 'electron';\n", /outside the desktop shell/],
    ['electron/operations/planted.ts', "import { runCliMode } from '../desktop/desktop-entry';\nexport const r = runCliMode;\n", /operations.*electron\/desktop\/desktop-entry/],
    ['electron/operations/handlers/planted.ts', "export * from '../../cli/io';\n", /operations.*electron\/cli\/io/],
    ['electron/cli/planted.ts', "import { setupIpc } from '../desktop/ipc';\nexport const s = setupIpc;\n", /CLI and the preview.*electron\/desktop\/ipc/],
    ['electron/preview/planted.ts', "export * from '../desktop/save-file';\n", /CLI and the preview.*electron\/desktop\/save-file/],
    ['electron/preview/planted.ts', "export const e = import('electron');\n", /outside the desktop shell/],
    ['renderer/src/planted.ts', "import fs from 'node:fs';\nexport const f = fs;\n", /renderer.*'node:fs'/],
    ['renderer/src/views/planted.tsx', "import { readFile } from 'fs/promises';\nexport const r = readFile;\n", /'fs\/promises'/],
    [
      'renderer/src/planted.ts',
      "import { inspectBytes } from '../../electron/engine/inspect';\nexport const i = inspectBytes;\n",
      /electron\/engine\/inspect/,
    ],
    ['renderer/src/planted.ts', "import type { Handlers } from '../../electron/operations/handler-table';\nexport type H = Handlers;\n", /electron\/operations\/handler-table/],
    ['shared/planted.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", /contract.*'node:fs'/],
    ['shared/planted.ts', "import forge from 'node-forge';\nexport const f = forge;\n", /'node-forge'/],
    ['shared/planted.ts', "import { inspectBytes } from '../electron/engine/inspect';\nexport const i = inspectBytes;\n", /electron\/engine\/inspect/],
    // One view never imports another (issue [9] item 6): a component, a hook, a type or a stylesheet alike.
    ['renderer/src/views/install/planted.tsx', "import { Steps } from '../requests/Steps';\nexport const s = Steps;\n", /view may not import renderer\/src\/views\/requests\/Steps/],
    ['renderer/src/views/requests/planted.ts', "import type { Judging } from '../inspect/useInspect';\nexport type J = Judging;\n", /views\/inspect\/useInspect/],
    ['renderer/src/views/fleet/planted.ts', "import '../install/install.css';\n", /views\/install\/install\.css/],
    ['renderer/src/views/install/steps/planted.tsx', "export { ExportPfxDialog } from '../../requests/ExportPfxDialog';\n", /views\/requests\/ExportPfxDialog/],
    ['renderer/src/views/setupbin/planted.ts', "export const m = import('../inspect/InspectView');\n", /views\/inspect\/InspectView/],
    ['renderer/src/hooks/planted.ts', "import { useInspect } from '../views/inspect/useInspect';\nexport const u = useInspect;\n", /shared renderer code.*views\/inspect\/useInspect/],
    ['renderer/src/components/planted.tsx', "import { STEPS } from '../views/install/installState';\nexport const s = STEPS;\n", /views\/install\/installState/],
  ])('%s: %j is refused', async (path, code, expected) => {
    const errors = await boundaryErrors(path, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(expected);
  });

  it.each([
    [
      'electron/engine/planted.ts',
      "import { readFileSync } from 'node:fs';\nimport { z } from 'zod';\nimport { CertDeskError } from '../../shared/errors';\nimport { inspectBytes } from './inspect';\nexport const all = [readFileSync, z, CertDeskError, inspectBytes];\n",
    ],
    ['electron/desktop/main.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    [
      'electron/cli/planted.ts',
      "import { inspectBytes } from '../services/inspect';\nimport { call } from './call';\nexport const all = [inspectBytes, call];\n",
    ],
    [
      'renderer/src/planted.tsx',
      "import { useState } from 'react';\nimport { operationNames } from '../../shared/api';\nimport { parseSuffixList } from '../../shared/dns-suffix';\nexport const all = [useState, operationNames, parseSuffixList];\n",
    ],
    ['shared/planted.ts', "import { z } from 'zod';\nimport { CertDeskError } from './errors';\nexport const all = [z, CertDeskError];\n"],
    [
      'renderer/src/views/install/steps/planted.tsx',
      "import { Steps } from '../../../components/Steps';\nimport { useFileDrop } from '../../../hooks/useFileDrop';\nimport { STEP } from '../installState';\nimport { NavButtons } from './parts';\nimport '../install.css';\nexport const all = [Steps, useFileDrop, STEP, NavButtons];\n",
    ],
  ])('%s: a clean file passes', async (path, code) => {
    expect(await boundaryErrors(path, code)).toEqual([]);
  });
});
