# Builds the imbridge binary with the console embedded. Used by
# docker-compose.yml for both the api and the worker services.
FROM node:20-bookworm-slim AS console
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
COPY graph/*.graphql /src/graph/
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=console /src/frontend/dist ./frontend/dist
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/imbridge .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/imbridge /usr/local/bin/imbridge
ENV IMBRIDGE_LISTEN=:8080 IMBRIDGE_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/imbridge"]
