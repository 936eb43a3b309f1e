# exposure-scanner: one image for the API, the workers and the CLI.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# Debian's Chromium for sources that need a real browser; fonts so screenshots are legible.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    BROWSER_EXECUTABLE_PATH=/usr/bin/chromium \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/shared/catalog/sources ./shared/catalog/sources
# The web pages' styles and small scripts are served as files, not built into dist/.
COPY --from=build /app/services/web/assets ./services/web/assets
USER node
EXPOSE 8080
ENTRYPOINT ["node", "bin/exposure-scanner"]
CMD ["serve"]
