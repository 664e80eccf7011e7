/**
 * An exclusive lock on a PGlite data folder.
 *
 * PGlite does not lock its folder, and a second process that opens it "fine" corrupts its
 * indexes (seen twice here, see ../shared/STACK.md). So the owning process writes a lock file
 * with O_EXCL; anyone else gets a clear error naming the owner instead of a corrupt database.
 * A lock left by a process that no longer exists is taken over.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataFolderLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
    readonly ownerCommand: string,
  ) {
    super(
      `The embedded database at ${dataDir} is in use by process ${ownerPid} (${ownerCommand}). ` +
        'PGlite allows one process per data folder: stop that process first, or point this one at ' +
        'PostgreSQL with DATABASE_URL, or at another folder with RENTABLE_DATA_DIR. ' +
        `(If that process is gone for good, delete ${path.join(dataDir, 'rentable.lock')}.)`,
    );
    this.name = 'DataFolderLockedError';
  }
}

interface LockRecord {
  pid: number;
  host: string;
  command: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockRecord | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && 'pid' in parsed && typeof parsed.pid === 'number') {
      return parsed as LockRecord;
    }
  } catch {
    // unreadable or half-written: treated as stale below
  }
  return null;
}

export interface FolderLock {
  readonly file: string;
  release(): void;
}

export function lockDataFolder(dataDir: string): FolderLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'rentable.lock');
  const record: LockRecord = {
    pid: process.pid,
    host: os.hostname(),
    command: process.argv.slice(1).map((a) => path.basename(a)).join(' ').slice(0, 200),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(record), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const current = readLock(file);
        if (current?.pid === process.pid) fs.rmSync(file, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return { file, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readLock(file);
      // On another host we cannot tell whether the owner lives: refuse rather than risk it.
      if (owner && owner.pid !== process.pid && (owner.host !== os.hostname() || isAlive(owner.pid))) {
        throw new DataFolderLockedError(dataDir, owner.pid, owner.command);
      }
      if (owner && owner.pid === process.pid) {
        throw new Error(`This process already holds ${file}: open the database once and share it.`);
      }
      // Stale lock from a process that is gone: take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}
