# syntax=docker/dockerfile:1
# Vigie: build with the dev dependencies, run with the production ones only, as a non-root user.
#   docker build -t vigie .
#   docker run --rm vigie --help
# Written and reviewed without a Docker engine at hand: see docs/operations.md.

ARG NODE_VERSION=20.20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so a source change does not reinstall them. --ignore-scripts: `prepare`
# would build before the sources are copied, and msgpackr-extract's optional native build needs
# a compiler (msgpackr works without it).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsconfig.client.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# glibc (Debian slim), not Alpine: @node-rs/jieba ships prebuilt glibc binaries.
FROM node:${NODE_VERSION}-bookworm-slim AS run
ENV NODE_ENV=production
# Two malloc arenas instead of glibc's up to eight per core: each of the daemon's threads (main,
# classify, V8's and libuv's helpers) otherwise keeps its own freed memory. About 17 MB less
# peak resident memory at the same speed (docs/performance.md, "Two malloc arenas"); the bench runs
# its daemon the same way (tools/bench/allocator.ts, which a test keeps equal to this line).
ENV MALLOC_ARENA_MAX=2
# The HTTP port, read by config/vigie.yaml (port: ${VIGIE_HTTP_PORT:-8080}) and the health check.
ENV VIGIE_HTTP_PORT=8080
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The example configuration and the demo scenario (`docker run ... start --demo`); mount your own
# configuration at /etc/vigie/vigie.yaml.
COPY config ./config
# State lives in Redis; this folder is only for a `jsonl` alerts channel, if one is configured.
RUN mkdir -p /var/lib/vigie && chown node:node /var/lib/vigie
USER node
EXPOSE ${VIGIE_HTTP_PORT}
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.VIGIE_HTTP_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["start", "--config", "/etc/vigie/vigie.yaml"]
