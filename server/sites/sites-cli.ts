/**
 * `npm run sites -- import FILE [--mode merge|replace-subtree] [--under ID] [--data-dir DIR]`
 * `npm run sites -- export [FILE] [--data-dir DIR]`
 * `npm run sites -- check FILE [--mode …] [--under ID] [--data-dir DIR]`
 *
 * Writes the records db the server uses (DATA_DIR/records.sqlite, default ./data), safe while the
 * server runs: the database is in WAL mode and the server rereads the registry when its revision
 * moves. Any problem is printed and nothing is written (exit 1).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { openRecordsDb } from '../records/records-db.ts';
import { readSitesFile, sitesToCsv, sitesToJson } from './sites-file.ts';
import { plainRecord, SitesRegistry } from './sites-registry.ts';
import { SitesError, validateSites } from './validate-sites.ts';

const USAGE = `usage:
  npm run sites -- import FILE [--mode merge|replace-subtree] [--under ID] [--data-dir DIR]
  npm run sites -- export [FILE] [--data-dir DIR]      (JSON, or CSV when FILE ends in .csv; stdout without FILE)
  npm run sites -- check FILE [--mode …] [--under ID] [--data-dir DIR]
FILE is a sites file: JSON ({"format": "community-twin-sites/1", "sites": [...]} or an array) or CSV
with the header id,level,parent,code,name_zh,name_en,twin,urban. DIR defaults to DATA_DIR or ./data.`;

class UsageError extends Error {}

function progress(label: string): { update(done: number, total: number): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar({ format: ` ${label} [{bar}] {percentage}% {value}/{total}`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
    let started = false;
    return {
      update: (done, total) => { if (!started) { bar.start(total, done); started = true; } else bar.update(done); },
      stop: () => { if (started) bar.stop(); },
    };
  }
  // Not a terminal (a log, a CI job): a line every quarter instead of a redrawn bar.
  let shown = -1;
  return {
    update: (done, total) => {
      const quarter = total === 0 ? 4 : Math.floor((done / total) * 4);
      if (quarter > shown) { shown = quarter; process.stderr.write(` ${label} ${done}/${total} (${quarter * 25}%)\n`); }
    },
    stop: () => {},
  };
}

function printProblems(e: SitesError, file: string): void {
  process.stderr.write(`sites: ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in ${file}; nothing was written:\n`);
  e.problems.forEach((p, i) => process.stderr.write(` ${i + 1}. ${p}\n`));
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { mode: { type: 'string' }, under: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || command === undefined || command === 'help') { process.stdout.write(`${USAGE}\n`); return command === undefined ? 1 : 0; }
  const dataDir = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? 'data');
  const dbPath = join(dataDir, 'records.sqlite');
  const mode = values.mode ?? 'merge';
  if (mode !== 'merge' && mode !== 'replace-subtree') throw new UsageError(`--mode must be merge or replace-subtree (found "${mode}")`);

  switch (command) {
    case 'import':
    case 'check': {
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError(`${command} takes one FILE`);
      const parsed = readSitesFile(file);
      if (command === 'check' && !existsSync(dbPath)) {
        // No registry yet: the file must stand on its own, as a first import would need.
        const problems = [...parsed.problems, ...validateSites(parsed.records, { lines: parsed.lines }).problems];
        if (problems.length > 0) throw Object.assign(new SitesError(problems, file), { file });
        process.stdout.write(`sites: ${file} is valid (${parsed.records.length} records; checked on its own, no registry at ${dbPath})\n`);
        return 0;
      }
      const db = openRecordsDb(dbPath);
      try {
        const registry = SitesRegistry.open(db);
        const bar = progress('writing');
        let result;
        try {
          result = registry.importRecords(parsed.records, {
            mode, under: values.under, lines: parsed.lines, readProblems: parsed.problems, where: file, actor: 'sites-cli', source: 'import',
            dryRun: command === 'check', onProgress: (done, total) => bar.update(done, total),
          });
        } finally {
          bar.stop();
        }
        const counts = `created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}, removed ${result.removed}`;
        process.stdout.write(command === 'check'
          ? `sites: ${file} is valid against ${dbPath}; an import (${mode}) would have: ${counts}\n`
          : `sites: imported ${result.imported} records from ${file} into ${dbPath} (${counts}); registry revision ${result.revision}\n`);
        return 0;
      } finally {
        db.close();
      }
    }
    case 'export': {
      if (positionals.length > 1) throw new UsageError('export takes at most one FILE');
      if (!existsSync(dbPath)) throw new UsageError(`no records db at ${dbPath} (give --data-dir or DATA_DIR)`);
      const db = openRecordsDb(dbPath);
      try {
        const sites = SitesRegistry.open(db).all().map(plainRecord);
        const file = positionals[0];
        const text = file && extname(file).toLowerCase() === '.csv' ? sitesToCsv(sites) : sitesToJson(sites);
        if (file) {
          writeFileSync(file, text);
          process.stdout.write(`sites: exported ${sites.length} records to ${file}\n`);
        } else process.stdout.write(text);
        return 0;
      } finally {
        db.close();
      }
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof SitesError) printProblems(e, (e as SitesError & { file?: string }).file ?? (process.argv[3] ?? 'the file'));
  else if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`sites: ${(e as Error).message}\n${USAGE}\n`);
  else process.stderr.write(`sites: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
