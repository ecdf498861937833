/**
 * A PostgreSQL server owned by the project: its own data folder (git-ignored), 127.0.0.1 only, its
 * own port. Installed from Debian's packages when missing. PostgreSQL refuses to run as root, so as
 * root its commands run as the `postgres` system user.
 */
import { chownSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, EXIT } from '../contract/exit-codes.ts';
import { aptInstall } from './apt.ts';
import { findExecutable, isPortOpen, postgresBinDirs, run } from './process.ts';

export interface PostgresOptions {
  /** Folder holding `data/` and the server log. */
  root: string;
  port: number;
  log: (line: string) => void;
}

/** Superuser created by initdb; local connections are trusted (loopback only, disposable data). */
export const PG_USER = 'odoo_load';

export class LocalPostgres {
  private startedHere = false;
  private binDir = '';
  readonly dataDir: string;

  constructor(private readonly options: PostgresOptions) {
    this.dataDir = join(resolve(options.root), 'data');
  }

  get port(): number {
    return this.options.port;
  }

  /** The URL of `database`, on this cluster or through another address that forwards to it (a proxy). */
  databaseUrl(database: string, through = `127.0.0.1:${this.options.port}`): string {
    return `postgres://${PG_USER}@${through}/${database}`;
  }

  /** Finds (or installs) initdb and pg_ctl. */
  async ensureInstalled(): Promise<void> {
    let initdb = findExecutable('initdb', postgresBinDirs());
    if (!initdb) {
      await aptInstall(['postgresql'], 'PostgreSQL (initdb, pg_ctl)', this.options.log);
      initdb = findExecutable('initdb', postgresBinDirs());
      if (!initdb)
        throw new CliError(
          'PostgreSQL was installed but initdb is still not found',
          EXIT.missingTool,
        );
    }
    this.binDir = initdb.slice(0, -'/initdb'.length);
  }

  private asOwner(binary: string, args: string[]) {
    const path = join(this.binDir, binary);
    if (process.getuid?.() === 0) return run('runuser', ['-u', 'postgres', '--', path, ...args]);
    return run(path, args);
  }

  private async isRunning(): Promise<boolean> {
    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) return false;
    return (await this.asOwner('pg_ctl', ['status', '-D', this.dataDir])).code === 0;
  }

  /** The data folder, owned by the postgres user when run as root, initialised once. */
  private async initialise(root: string): Promise<void> {
    mkdirSync(root, { recursive: true });
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      chownSync(root, Number(stdout.trim()), Number(gid.trim()));
    }
    if (existsSync(join(this.dataDir, 'PG_VERSION'))) return;
    this.options.log(`postgres: initdb ${this.dataDir}`);
    const init = await this.asOwner('initdb', [
      '-D',
      this.dataDir,
      '-U',
      PG_USER,
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-locale',
    ]);
    if (init.code !== 0)
      throw new CliError(
        `initdb failed: ${init.stderr.trim() || init.stdout.trim()}`,
        EXIT.missingTool,
      );
  }

  /** True when a server already runs on the wanted port; one on another port is stopped. */
  private async reuseRunning(): Promise<boolean> {
    if (!(await this.isRunning())) return false;
    // postmaster.pid's fourth line is the port the running server listens on.
    const runningPort = Number(
      readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[3],
    );
    if (runningPort === this.options.port) {
      this.options.log(`postgres: reusing the server already running on 127.0.0.1:${runningPort}`);
      return true;
    }
    this.options.log(
      `postgres: restarting (it runs on port ${runningPort}, ${this.options.port} is wanted)`,
    );
    await this.asOwner('pg_ctl', ['stop', '-D', this.dataDir, '-m', 'fast', '-w']);
    return false;
  }

  /** Initialises the data folder once, then starts the server, or reuses it if it already runs. */
  async start(): Promise<void> {
    await this.ensureInstalled();
    const root = resolve(this.options.root);
    await this.initialise(root);
    if (await this.reuseRunning()) return;
    if (await isPortOpen(this.options.port)) {
      throw new CliError(
        `postgres: port ${this.options.port} on 127.0.0.1 is taken by another process; choose another with --pg-port`,
        EXIT.targetUnreachable,
      );
    }
    // The data is disposable test data, so durability settings trade safety for a quiet disk.
    const serverOptions = [
      `-c listen_addresses=127.0.0.1`,
      `-p ${this.options.port}`,
      `-k ${this.dataDir}`,
      '-c max_connections=300',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c shared_buffers=256MB',
    ].join(' ');
    const logFile = join(root, 'postgres.log');
    const started = await this.asOwner('pg_ctl', [
      'start',
      '-w',
      '-t',
      '60',
      '-D',
      this.dataDir,
      '-l',
      logFile,
      '-o',
      serverOptions,
    ]);
    if (started.code !== 0) {
      throw new CliError(
        `postgres: pg_ctl start failed; see ${logFile}: ${started.stderr.trim() || started.stdout.trim()}`,
        EXIT.targetUnreachable,
      );
    }
    this.startedHere = true;
    this.options.log(`postgres: listening on 127.0.0.1:${this.options.port}`);
  }

  /** Stops the server if this process started it. */
  async stop(): Promise<void> {
    if (!this.startedHere) return;
    this.startedHere = false;
    await this.asOwner('pg_ctl', ['stop', '-D', this.dataDir, '-m', 'fast', '-w']);
  }
}
