# One image for every orderhub process; docker-compose.yml picks the process with `command`:
#   npm run api | npm run worker | npm run simulators | npm run migrate
FROM node:20-bookworm-slim

# Prisma's CLI probes OpenSSL to pick engine builds; without it every command logs a warning.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssl ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so source edits reuse this layer. Dev dependencies are kept on purpose:
# the processes run TypeScript through tsx and nothing is compiled ahead of time.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY src ./src

# generate reads no data, but the schema's datasource (and prisma.config.ts) need some URL to parse.
RUN CHECKPOINT_DISABLE=1 DATABASE_URL=postgresql://localhost/unused npx prisma generate

# Workers load this bundle instead of bundling the workflows at every start.
RUN npx tsx scripts/bundle-workflows.ts dist

ENV NODE_ENV=production \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js \
    CHECKPOINT_DISABLE=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# The code stays root-owned and read-only; processes run as the image's unprivileged `node` user.
USER node

EXPOSE 3000 4000
CMD ["npm", "run", "api"]
