# syntax=docker/dockerfile:1
#
# association-enricher. The default target is the service image (run, ingest-webhooks, dlq, tail: the service jar
# only); the `tools` target holds the tools jar (simulate-hubspot, demo, bench) for the local stack's simulator.
#   docker build -t association-enricher:0.1.0 .
#   docker build --target tools -t association-enricher-tools:0.1.0 .
#   docker run --rm association-enricher:0.1.0 --help
# Base images are build arguments, so a registry mirror needs no edit:
#   docker build --build-arg BUILD_IMAGE=mirror.local/maven:3.9-eclipse-temurin-17 \
#                --build-arg RUNTIME_IMAGE=mirror.local/eclipse-temurin:17-jre .
# Tags are pinned to a Java major and Maven minor; pin by digest (image@sha256:...) where builds must be repeatable.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /build
COPY pom.xml ./
COPY schemas ./schemas
COPY src ./src
# The cache mount keeps ~/.m2 between builds, so only a changed pom downloads anything.
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package \
    && cp target/association-enricher.jar target/association-enricher-tools.jar /build/

FROM ${RUNTIME_IMAGE} AS runtime
# A fixed uid, so runAsUser / fsGroup and volume ownership can be stated outside the image.
RUN groupadd --system --gid 10001 enricher \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin enricher \
    && mkdir -p /app /var/lib/enricher \
    && chown 10001:10001 /var/lib/enricher
WORKDIR /app
# Size the heap from the container's memory limit: 40 % of it. The rest is RocksDB (state.rocksdb-memory-mb, 128 MiB
# shared by all stores), metaspace, code cache, threads and buffers: with 1,000,000 ids pending the process used 711 MB
# of 1 GiB (README, "Performance"). Let the orchestrator restart a process that ran out of memory instead of limping on.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=40 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001

# The HubSpot simulator and the other test tools (docker compose's hubspot-simulator).
FROM runtime AS tools
COPY --from=build --chown=root:root /build/association-enricher-tools.jar /app/association-enricher-tools.jar
EXPOSE 8089
ENTRYPOINT ["java", "-jar", "/app/association-enricher-tools.jar"]
CMD ["simulate-hubspot", "--bind", "0.0.0.0"]

# The service: last, so it is what `docker build .` builds and what Kubernetes runs.
FROM runtime AS service
COPY --from=build --chown=root:root /build/association-enricher.jar /app/association-enricher.jar
# Kafka Streams state (RocksDB), rebuilt from changelog topics when lost; point kafka.state.dir here.
ENV ENRICHER_KAFKA_STATE_DIR=/var/lib/enricher
VOLUME ["/var/lib/enricher"]
# 8080: /health/live, /health/ready, /metrics (ops.port). 8090: webhook ingress (ingest-webhooks only).
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/association-enricher.jar"]
CMD ["run"]
