# One image for the API, the Temporal worker and the one-shot migrate/seed jobs
# (see docker-compose.yml). It keeps devDependencies: `migrate deploy` needs the
# `prisma` CLI and @prisma/schema-engine-wasm, which are devDependencies.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no install script is needed in a container. The ones that
# exist download things we do not use here (embedded-postgres binaries for local
# dev, Prisma's native engines that scripts/prisma.mjs replaces with WASM).
# Native addons (argon2, swc, Temporal core-bridge) ship prebuilt binaries.
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM deps AS build
# Same roots as "include" in tsconfig.build.json; keep the two in step.
COPY tsconfig.json tsconfig.build.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY apps ./apps
COPY workflows ./workflows
COPY activities ./activities
COPY domain ./domain
# Generates the Prisma client (TypeScript in prisma/generated) and compiles everything to dist/.
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# The worker renders letters to PDF in Debian's Chromium (puppeteer-core brings no browser).
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
ENV CHROMIUM_PAD=/usr/bin/chromium
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# package.json carries "type": "module", which the compiled ESM in dist/ needs.
COPY package.json prisma.config.ts ./
COPY scripts ./scripts
# schema + migrations for `migrate deploy`; demo/ holds the CSV the seed reads.
COPY --from=build /app/prisma ./prisma
# dist/workflows is bundled by the worker at startup, so it must be present.
COPY --from=build /app/dist ./dist
# The Prisma CLI loads prisma.config.ts through jiti, which caches its
# transpilation in node_modules/.cache; give the runtime user that one folder.
RUN mkdir -p node_modules/.cache && chown node:node node_modules/.cache
# The image's `node` user, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 3000
# node runs as PID 1: the API and the worker stop cleanly on SIGTERM by
# themselves. Compose adds `init: true` for reaping and for the one-shot jobs
# (which install no handler); with plain `docker run`, pass --init.
CMD ["node", "--enable-source-maps", "--max-old-space-size=512", "dist/apps/api/main.js"]
