#!/usr/bin/env bash
# Stops the Ceph daemons that scripts/ceph-up.sh started (by the pids it recorded, never by name): SIGTERM, up to
# 10 s for them to exit, then SIGKILL. Removes the cluster's files unless KEEP=1. Always exits 0.
# usage: scripts/ceph-down.sh [--rgw-only]   (--rgw-only: stop only the RADOS Gateway, keep the cluster)
#                                    environment: CEPH_DIR (default /tmp/walferry-ceph)
D=${CEPH_DIR:-/tmp/walferry-ceph}
[ -d "$D/run" ] || exit 0
pids=()
pattern="$D/run/*.pid"
[ "${1:-}" = --rgw-only ] && pattern="$D/run/rgw.*.pid"
for f in $pattern; do
  [ -f "$f" ] || continue
  p=$(cat "$f" 2>/dev/null)
  case "$p" in ''|*[!0-9]*) continue ;; esac
  # only a process still running from this cluster's config
  if tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -q -- "$D/ceph.conf"; then
    kill "$p" 2>/dev/null && pids+=("$p")
  fi
done
for _ in $(seq 1 20); do
  alive=()
  for p in "${pids[@]}"; do
    # a zombie (state Z) has exited
    st=$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)
    [ -n "$st" ] && [ "$st" != Z ] && alive+=("$p")
  done
  ((${#alive[@]})) || break
  sleep 0.5
done
for p in "${alive[@]}"; do kill -9 "$p" 2>/dev/null; done
[ "${1:-}" = --rgw-only ] || [ "${KEEP:-0}" = 1 ] || rm -rf "$D"
echo "ceph-down: stopped ${#pids[@]} Ceph daemons"
exit 0
