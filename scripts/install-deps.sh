#!/usr/bin/env bash
# Installs what building and testing walferry needs on a fresh Debian machine: a JDK 17+, Maven, and the
# PostgreSQL server binaries (initdb, pg_ctl, pgbench, pg_basebackup...). Safe to run again.
set -euo pipefail

need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && ! command -v pg_ctl >/dev/null 2>&1; then
  # Don't let the package create and start a default cluster on port 5432: the tests make their own.
  mkdir -p /etc/postgresql-common
  if [ ! -f /etc/postgresql-common/createcluster.conf ]; then
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
  fi
  need+=(postgresql)
fi
command -v runuser >/dev/null 2>&1 || need+=(util-linux)

if ((${#need[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${need[*]}; run this script as root or install them" >&2
    exit 1
  fi
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
id postgres >/dev/null 2>&1 || { echo "the postgres OS user is missing (install the postgresql package)" >&2; exit 1; }
echo "dependencies present: $(java -version 2>&1 | head -1); $(mvn -v 2>/dev/null | head -1); PostgreSQL $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
