import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../infra/paths';

/** Applies pending migrations with Prisma's own runner (JS engine, see prisma.config.ts). */
export async function runMigrations(databaseUrl: string): Promise<void> {
  const prisma = path.join(projectRoot, 'node_modules', '.bin', 'prisma');
  await promisify(execFile)(prisma, ['migrate', 'deploy'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1' },
  });
}
