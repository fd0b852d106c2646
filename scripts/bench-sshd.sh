#!/usr/bin/env bash
# Starts a private sshd on 127.0.0.1 for the rsync-over-ssh baseline of `walferry bench`, with a throwaway host key
# and a throwaway client key for the current user. Prints the environment to export. Stop it with:
#   kill "$(cat "$DIR/sshd.pid")"
# Needs the Debian packages openssh-server and rsync (scripts/install-deps.sh does not install them).
set -euo pipefail
DIR=${1:-/tmp/walferry-bench-sshd}
PORT=${PORT:-2222}
command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || { echo "sshd missing: apt-get install openssh-server rsync" >&2; exit 1; }
command -v rsync >/dev/null 2>&1 || { echo "rsync missing: apt-get install rsync" >&2; exit 1; }
mkdir -p "$DIR" /run/sshd
chmod 700 "$DIR"
[ -f "$DIR/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$DIR/host_key"
[ -f "$DIR/client_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$DIR/client_key"
cp "$DIR/client_key.pub" "$DIR/authorized_keys"
chmod 600 "$DIR/authorized_keys"
cat > "$DIR/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $PORT
HostKey $DIR/host_key
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
CONF
/usr/sbin/sshd -f "$DIR/sshd_config"
SSH="ssh -p $PORT -i $DIR/client_key -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
for _ in $(seq 1 50); do $SSH "$(id -un)@127.0.0.1" true 2>/dev/null && break; sleep 0.1; done
$SSH "$(id -un)@127.0.0.1" true
echo "export WALFERRY_BENCH_RSYNC_SSH='$SSH' WALFERRY_BENCH_RSYNC_HOST='$(id -un)@127.0.0.1'"
