#!/usr/bin/env bash
# Starts a throw-away one-node Ceph cluster (monitor, one OSD on memstore, RADOS Gateway) on 127.0.0.1 for the S3
# tests, with authentication off and an S3 user. Installs the Debian packages first when they are missing (as root).
# Every wait is bounded; on any failure it stops what it started (scripts/ceph-down.sh) and exits non-zero, so a
# caller can run the tests without S3 instead. On success it writes the S3 settings, as shell exports, to
# $CEPH_DIR/s3.env (WALFERRY_S3_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION) and prints them.
#
# usage: scripts/ceph-up.sh [--rgw-only]   (--rgw-only: start the gateway again after `ceph-down.sh --rgw-only`)
#                                  environment: CEPH_DIR (default /tmp/walferry-ceph), RGW_PORT (default 7480),
#                                               CEPH_INSTALL_TIMEOUT (seconds, default 900)
# Notes (Ceph 16 "Pacific", Debian 12): radosgw needs `ms_mon_client_mode = crc secure` with auth=none or it hangs
# on "failed to fetch mon config"; the daemons run in the foreground (-f) so that their pids are ours to stop.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
D=${CEPH_DIR:-/tmp/walferry-ceph}
RGW_PORT=${RGW_PORT:-7480}
ACCESS_KEY=walferry-test
SECRET_KEY=walferry-test-secret

fail() {
  echo "ceph-up: $*" >&2
  [ -f "$D/log/ceph-mon.a.log" ] && tail -5 "$D/log/ceph-mon.a.log" >&2 || true
  CEPH_DIR=$D "$here/ceph-down.sh" >/dev/null 2>&1 || true
  exit 1
}

# await SECONDS DESCRIPTION COMMAND...: runs COMMAND every half second until it succeeds, for at most SECONDS of
# wall-clock time (each COMMAND bounds itself with timeout).
await() {
  local limit=$1 what=$2 deadline=$((SECONDS + $1))
  shift 2
  while ((SECONDS < deadline)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  fail "timed out after ${limit}s waiting for $what"
}

if ! command -v radosgw >/dev/null 2>&1 || ! command -v ceph-osd >/dev/null 2>&1 \
    || ! command -v ceph-mon >/dev/null 2>&1 || ! command -v radosgw-admin >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || fail "Ceph is not installed (ceph-mon ceph-osd radosgw ceph-common) and we are not root"
  echo "ceph-up: installing ceph-mon ceph-osd radosgw ceph-common (a few minutes)"
  t=${CEPH_INSTALL_TIMEOUT:-900}
  timeout 300 apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive timeout "$t" apt-get install -y -qq --no-install-recommends \
      ceph-mon ceph-osd radosgw ceph-common uuid-runtime curl >/dev/null 2>&1 \
    || fail "could not install the Ceph packages"
fi

C=(-c "$D/ceph.conf")

# start NAME COMMAND...: a daemon in the foreground, in the background of this script; its pid in run/NAME.pid
start() {
  local name=$1
  shift
  setsid "$@" </dev/null >>"$D/log/$name.out" 2>&1 &
  echo $! > "$D/run/$name.pid"
}

# alive NAME: fails unless the daemon started as NAME still runs (e.g. it could not bind its port)
alive() {
  kill -0 "$(cat "$D/run/$1.pid")" 2>/dev/null || fail "$1 exited (see $D/log/$1.out and $D/log/)"
}

start_rgw() {
  start rgw.0 radosgw "${C[@]}" -f -n client.rgw.0
  await 120 "the RADOS Gateway on 127.0.0.1:$RGW_PORT" curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$RGW_PORT/"
  alive rgw.0
}

if [ "${1:-}" = --rgw-only ]; then
  [ -f "$D/ceph.conf" ] || { echo "ceph-up: no cluster in $D" >&2; exit 1; }
  start_rgw
  echo "ceph-up: RADOS Gateway on http://127.0.0.1:$RGW_PORT again"
  exit 0
fi

CEPH_DIR=$D "$here/ceph-down.sh" >/dev/null 2>&1 || true
for port in 3300 "$RGW_PORT"; do
  if timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
    echo "ceph-up: port $port on 127.0.0.1 is in use by another program" >&2
    exit 1
  fi
done
rm -rf "$D"
mkdir -p "$D"/{mon,osd0,run,log,rgw}
FSID=$(cat /proc/sys/kernel/random/uuid)
cat > "$D/ceph.conf" <<EOF
[global]
fsid = $FSID
mon_host = v2:127.0.0.1:3300
public_network = 127.0.0.0/8
cluster_network = 127.0.0.0/8
ms_bind_ipv6 = false
ms_bind_msgr1 = false
ms_mon_client_mode = crc secure
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
run_dir = $D/run
admin_socket = $D/run/\$name.asok
log_file = $D/log/\$name.log
keyring = $D/keyring
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_max_pg_per_osd = 1000
mon_warn_on_pool_no_redundancy = false
client_mount_timeout = 30
rados_mon_op_timeout = 30
[mon]
mon_data = $D/mon
mon_initial_members = a
[osd]
osd_data = $D/osd\$id
osd_objectstore = memstore
memstore_device_bytes = 2147483648
osd_memory_target = 1073741824
[client.rgw.0]
rgw_frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw_data = $D/rgw
rgw_dns_name = localhost
EOF

timeout 30 ceph-authtool --create-keyring "$D/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null \
  || fail "ceph-authtool failed"
timeout 30 monmaptool --create --fsid "$FSID" --addv a '[v2:127.0.0.1:3300]' "$D/monmap" >/dev/null \
  || fail "monmaptool failed"
timeout 60 ceph-mon "${C[@]}" --mkfs -i a --monmap "$D/monmap" --keyring "$D/keyring" >>"$D/log/mkfs.log" 2>&1 \
  || fail "ceph-mon --mkfs failed (see $D/log/mkfs.log)"
start mon.a ceph-mon "${C[@]}" -f -i a
await 60 "the monitor" timeout 10 ceph "${C[@]}" --connect-timeout 5 mon stat
alive mon.a
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
OSD_ID=$(timeout 30 ceph "${C[@]}" --connect-timeout 10 osd new "$OSD_UUID") || fail "ceph osd new failed"
timeout 120 ceph-osd "${C[@]}" -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" >>"$D/log/mkfs.log" 2>&1 \
  || fail "ceph-osd --mkfs failed (see $D/log/mkfs.log)"
start "osd.$OSD_ID" ceph-osd "${C[@]}" -f -i "$OSD_ID"
osd_up() { timeout 10 ceph "${C[@]}" --connect-timeout 5 osd dump 2>/dev/null | grep -q "^osd.$OSD_ID up"; }
await 90 "the OSD to be up" osd_up
alive "osd.$OSD_ID"
start_rgw
timeout 60 radosgw-admin "${C[@]}" user create --uid=walferry --display-name=walferry \
  --access-key="$ACCESS_KEY" --secret="$SECRET_KEY" >/dev/null 2>>"$D/log/rgw-admin.log" \
  || fail "radosgw-admin user create failed (see $D/log/rgw-admin.log)"

cat > "$D/s3.env" <<EOF
export WALFERRY_S3_ENDPOINT=http://127.0.0.1:$RGW_PORT
export AWS_ACCESS_KEY_ID=$ACCESS_KEY
export AWS_SECRET_ACCESS_KEY=$SECRET_KEY
export AWS_REGION=us-east-1
export WALFERRY_CEPH_DIR=$D
EOF
echo "ceph-up: RADOS Gateway (S3) on http://127.0.0.1:$RGW_PORT; settings in $D/s3.env:"
cat "$D/s3.env"
