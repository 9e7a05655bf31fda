# scrutinypack in a container: Debian slim with Pango, the tool installed, 'build' as the
# entry point. Its steps are in scripts/docker-install.sh, which the tests run.
#   docker build -t scrutinypack .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" scrutinypack --content content
# builds ./content into ./site (PDFs included), as 'scrutinypack build' would.
FROM debian:bookworm-slim

COPY scripts/docker-install.sh /usr/local/lib/scrutinypack/docker-install.sh
RUN sh /usr/local/lib/scrutinypack/docker-install.sh system

COPY . /tmp/scrutinypack
ENV PIP_NO_CACHE_DIR=1
RUN sh /usr/local/lib/scrutinypack/docker-install.sh tool /tmp/scrutinypack /opt/scrutinypack \
    && rm -rf /tmp/scrutinypack

ENV PATH=/opt/scrutinypack/bin:$PATH HOME=/tmp
WORKDIR /work
ENTRYPOINT ["scrutinypack", "build"]
