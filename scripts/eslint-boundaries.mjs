// The layer boundaries as one ESLint rule (issue [9] item 1): `certdesk/boundaries`, configured in
// eslint.config.mjs with a table of zones. Each zone names the files it applies to (path prefixes from the
// repository root) and what they may not import. Every way into a module is checked: `import`, `import type`,
// `export … from`, `import('x')`, `require('x')`, `import x = require('x')` and `typeof import('x')`.
// Relative specifiers are resolved against the importing file, so `../../ipc` is judged as `electron/desktop/ipc`
// wherever it is written from (a regex over the text could not say that).
//
// Zone fields (all optional except files):
//   files        path prefixes the zone applies to, e.g. ['electron/engine/']
//   except       path prefixes (or exact files) inside `files` that the zone leaves alone
//   allowPaths   repository files may be imported only from under these prefixes
//   denyPaths    repository files under these prefixes may not be imported
//   allowModules packages allowed (any other package is refused); Node built-ins are judged by denyBuiltins
//   denyModules  packages refused ('react' also refuses 'react/jsx-runtime'; '@scope/x' by its full name)
//   denyBuiltins Node built-ins refused ('node:fs', 'fs', 'fs/promises', …)
//   ownFolderOnly a folder prefix, e.g. 'renderer/src/views/': a file in <prefix><name>/ may import from under the
//                prefix only what is in its own <name>/ folder (one view never imports another)
//   allowTargets repository files the zone lets through whatever else it says (imports that wait for a move)
//   why          the sentence the error ends with
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

function toPosix(path) {
  return path.split(sep).join('/');
}

function underAny(path, prefixes = []) {
  return prefixes.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}/`)));
}

/** What a specifier names: a repository path (posix, from the root), a Node built-in or a package. */
function classify(specifier, fromFile) {
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const target = toPosix(relative(ROOT, resolve(dirname(fromFile), specifier)));
    return { kind: 'path', name: target };
  }
  if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0])) return { kind: 'builtin', name: specifier };
  const parts = specifier.split('/');
  return { kind: 'module', name: specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0] };
}

/** The first folder under `prefix` that `path` is in ('inspect' for views/inspect/x.tsx), or null. */
function folderUnder(path, prefix) {
  if (!path.startsWith(prefix)) return null;
  const rest = path.slice(prefix.length);
  return rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : null;
}

/** The reason `zone` refuses `target` imported from the repository file `from`, or null. */
function refusal(zone, target, from) {
  if (target.kind === 'builtin') return zone.denyBuiltins ? `the Node built-in '${target.name}'` : null;
  if (target.kind === 'module') {
    if (zone.denyModules?.includes(target.name)) return `'${target.name}'`;
    if (zone.allowModules && !zone.allowModules.includes(target.name))
      return `the package '${target.name}' (only ${zone.allowModules.map((m) => `'${m}'`).join(', ')})`;
    return null;
  }
  if (target.name.startsWith('..')) return null; // outside the repository: not a zone's business
  if (zone.allowTargets && underAny(target.name, zone.allowTargets)) return null;
  if (zone.ownFolderOnly && target.name.startsWith(zone.ownFolderOnly)) {
    const own = folderUnder(from, zone.ownFolderOnly);
    const theirs = folderUnder(target.name, zone.ownFolderOnly);
    if (theirs !== own) return `${target.name} (from ${zone.ownFolderOnly}${own ?? ''}/, another folder of ${zone.ownFolderOnly})`;
  }
  if (zone.denyPaths && underAny(target.name, zone.denyPaths)) return `${target.name}`;
  if (zone.allowPaths && !underAny(target.name, zone.allowPaths)) return `${target.name} (only ${zone.allowPaths.join(', ')})`;
  return null;
}

function literalValue(node) {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  if (node.type === 'TSLiteralType') return literalValue(node.literal);
  return undefined;
}

export const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps each layer (engine, renderer, contract, desktop shell) to the imports it may make.' },
    schema: [{ type: 'object', properties: { zones: { type: 'array' } }, additionalProperties: false }],
    messages: { refused: '{{zone}} may not import {{what}}: {{why}}' },
  },
  create(context) {
    const file = context.filename;
    const path = toPosix(relative(ROOT, file));
    const zones = (context.options[0]?.zones ?? []).filter((z) => underAny(path, z.files) && !underAny(path, z.except));
    if (zones.length === 0) return {};

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      const target = classify(specifier, file);
      for (const zone of zones) {
        const what = refusal(zone, target, path);
        if (what) context.report({ node, messageId: 'refused', data: { zone: zone.name, what, why: zone.why ?? 'see docs/architecture.md' } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, literalValue(node.source)),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, literalValue(node.arguments[0]));
      },
      TSImportEqualsDeclaration(node) {
        if (node.moduleReference.type === 'TSExternalModuleReference') check(node, literalValue(node.moduleReference.expression));
      },
      TSImportType: (node) => check(node, literalValue('source' in node ? node.source : node.argument)),
    };
  },
};

export default { rules: { boundaries } };
