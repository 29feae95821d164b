// `npm run bundle [dir]`: bundles the order workflows once into <dir>/workflow-bundle.js (default
// dist/) for WORKFLOW_BUNDLE_PATH, and its traced twin workflow-bundle-traced.js, which workers load
// instead when OTEL_EXPORTER_OTLP_ENDPOINT is set, so worker processes start without bundling (the Docker image
// does this at build time; `npm start` and `npm run worker` keep a bundle per source hash in .data/).
import fs from 'node:fs';
import path from 'node:path';
import { writeWorkflowBundle } from '../src/infra/workflowBundle';

async function main() {
  const dir = path.resolve(process.argv[2] ?? 'dist');
  fs.mkdirSync(dir, { recursive: true });
  for (const tracing of [false, true]) {
    const started = Date.now();
    const file = await writeWorkflowBundle(dir, { tracing });
    console.log(`${path.relative(process.cwd(), file)} written in ${Date.now() - started} ms (${Math.round(fs.statSync(file).size / 1024)} KiB)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
