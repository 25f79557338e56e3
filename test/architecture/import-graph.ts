/**
 * The project's import graph, read with the TypeScript compiler's parser: every static import and
 * export-from, `import()` call and `import x = require()` of every .ts/.tsx file under the source
 * folders, with whether it is type-only (erased from the build).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ImportEdge {
  /** Importing file, relative to the repository root with `/` separators. */
  from: string;
  /** 1-based line of the import. */
  line: number;
  /** The specifier as written. */
  specifier: string;
  /** The file it resolves to (relative to the root), for a relative specifier; undefined for a package. */
  target?: string;
  /** `import type`, `export type`, or every named binding marked `type`: nothing of it reaches the bundle. */
  typeOnly: boolean;
}

const posix = (p: string) => p.split(sep).join('/');

/** Every .ts/.tsx file under `folder` (relative to the root), skipping node_modules. */
export function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) { if (e.name !== 'node_modules') walk(rel); }
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
    }
  };
  walk(folder);
  return out.sort();
}

/** The imports of one file. */
export function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: ImportEdge[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined, typeOnly: boolean) => {
    if (!spec || !ts.isStringLiteralLike(spec)) return;
    const specifier = spec.text;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    const target = specifier.startsWith('.') ? posix(relative(ROOT, resolve(ROOT, dirname(file), specifier))) : undefined;
    out.push({ from: file, line, specifier, target, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      const allTypeNames = !!c && !c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly);
      add(node, node.moduleSpecifier, !!c && (c.isTypeOnly || allTypeNames));
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node, node.moduleSpecifier, node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal as ts.Expression, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The top folder of a path relative to the root (`client`, `server`, …). */
export const layerOf = (path: string): string => path.split('/')[0];
