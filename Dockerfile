# Multi-target image for the scaled-out shape (docker-compose.yml). Not built in CI here:
# the development machines have no Docker engine.
FROM node:20-bookworm-slim AS base
ENV PNPM_VERSION=10.34.8 NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
RUN npm install -g pnpm@${PNPM_VERSION}
WORKDIR /app

FROM base AS build
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build

FROM base AS platform
COPY --from=build /app /app
EXPOSE 3000
CMD ["pnpm", "--filter", "@shipyard/platform", "start"]

FROM base AS worker
COPY --from=build /app /app
EXPOSE 9464
CMD ["node", "apps/worker/dist/main.js"]

FROM base AS host
COPY --from=build /app /app
EXPOSE 80 8788
CMD ["node", "packages/providers-local/dist/bin/shipyard-host.js"]
