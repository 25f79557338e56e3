/**
 * Lists exports nothing imports, with the TypeScript compiler's type checker (the project's own
 * tsconfig): `npx tsx test/tools/unused-exports.ts`. With `--without-tests`, imports from test/
 * do not count, which shows production code kept alive only by its tests.
 *
 * An export also used inside its own module is marked so: it is not dead code, only a needless
 * `export` (public props and option types are often exported on purpose). Exports reached only by
 * `import()` of a module and a member access (`m.installPerfProbe`) are reported too: check them.
 */
import { relative } from 'node:path';
import ts from 'typescript';

const withoutTests = process.argv.includes('--without-tests');
const root = process.cwd();
const config = ts.getParsedCommandLineOfConfigFile('tsconfig.json', {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(`unused-exports: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`); },
});
if (!config) throw new Error('unused-exports: no tsconfig.json in the working directory');
const program = ts.createProgram(config.fileNames, config.options);
const checker = program.getTypeChecker();
const files = program.getSourceFiles().filter((f) => !f.isDeclarationFile && !f.fileName.includes('node_modules'));
const rel = (f: ts.SourceFile) => relative(root, f.fileName);
const original = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);

// Every symbol some other module imports or re-exports, resolved to its declaration.
const imported = new Set<ts.Symbol>();
const mark = (node: ts.Node) => { const s = checker.getSymbolAtLocation(node); if (s) imported.add(original(s)); };
for (const sf of files) {
  if (withoutTests && rel(sf).startsWith('test/')) continue;
  const visit = (n: ts.Node) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier) {
      const mod = checker.getSymbolAtLocation(n.moduleSpecifier);
      const clause = ts.isImportDeclaration(n) ? n.importClause : undefined;
      const wholeModule = ts.isImportDeclaration(n)
        ? !!clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings)
        : !n.exportClause || ts.isNamespaceExport(n.exportClause);
      if (mod && wholeModule) for (const e of checker.getExportsOfModule(mod)) imported.add(original(e));
      if (clause?.name) mark(clause.name);
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements
        : ts.isExportDeclaration(n) && n.exportClause && ts.isNamedExports(n.exportClause) ? n.exportClause.elements : [];
      for (const el of named) mark(el.name);
    } else if (ts.isImportTypeNode(n) && n.qualifier) {
      mark(n.qualifier);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}

let found = 0;
for (const sf of files) {
  if (rel(sf).startsWith('test/') || rel(sf) === 'vite.config.ts') continue;
  const mod = checker.getSymbolAtLocation(sf);
  if (!mod) continue;
  for (const e of checker.getExportsOfModule(mod)) {
    const s = original(e);
    const decl = s.declarations?.[0];
    if (imported.has(s) || !decl || decl.getSourceFile() !== sf) continue;
    let uses = 0;
    const count = (n: ts.Node) => {
      if (ts.isIdentifier(n) && n.text === e.name) { const at = checker.getSymbolAtLocation(n); if (at && original(at) === s) uses++; }
      ts.forEachChild(n, count);
    };
    count(sf);
    found++;
    console.log(`${rel(sf)}:${sf.getLineAndCharacterOfPosition(decl.getStart()).line + 1} ${e.name}${uses > 1 ? ' (used in its module)' : ''}`);
  }
}
console.error(`unused-exports: ${found} export(s) nothing imports${withoutTests ? ' outside test/' : ''}`);
