/**
 * <dataDir>/admin-password.txt: the first administrator's random password, readable only by its
 * owner (mode 0600), as Grafana does. Removed once that password is changed: it is then stale.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BOOTSTRAP_FILE_NAME = 'admin-password.txt';

export class BootstrapFile {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, BOOTSTRAP_FILE_NAME);
  }

  /** Returns the file's path. */
  write(password: string): string {
    mkdirSync(join(this.path, '..'), { recursive: true });
    // A file left by an earlier install may have other permissions: replace it rather than write into it.
    rmSync(this.path, { force: true });
    writeFileSync(this.path, `${password}\n`, { mode: 0o600, flag: 'wx' });
    return this.path;
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}
