import path from 'node:path';

/** Folders the hub owns inside the checkout; both are git-ignored. */
export const projectRoot = path.resolve(__dirname, '..', '..');
export const toolsDir = path.join(projectRoot, '.tools');
export const dataDir = path.join(projectRoot, '.data');

export const temporalCliPath = path.join(toolsDir, 'venv', 'bin', 'temporal');
export const temporalTestServerPath = path.join(toolsDir, 'venv', 'bin', 'temporal-test-server');
