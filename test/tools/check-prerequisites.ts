/** Runs before `npm test`: says clearly which system package the tests need, instead of failing later. */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { postgresBinDir } from '../support/postgres.ts';

const missing: string[] = [];
try { execFileSync('influxd', ['version'], { stdio: 'ignore' }); } catch { missing.push('influxdb (influxd, for the InfluxDB store tests)'); }
if (!existsSync('/usr/bin/chromium')) missing.push('chromium (/usr/bin/chromium, for the browser tests)');
if (!postgresBinDir()) missing.push('postgresql (/usr/lib/postgresql/<major>/bin/postgres, for the records contract suite)');
if (missing.length) {
  console.error(`test: missing Debian packages:\n  - ${missing.join('\n  - ')}\ninstall them with: sudo apt-get install influxdb chromium fonts-noto-cjk postgresql`);
  process.exit(1);
}
