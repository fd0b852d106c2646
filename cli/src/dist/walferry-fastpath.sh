# walferry fast paths, sourced by bin/walferry for `push` and `restore` (installed as lib/walferry-fastpath.sh).
# walferry_fastpath returns 0 when the call's work is already done (bin/walferry then exits 0 without starting a
# JVM), 1 when the Java command must run. Every spool file read here and its grammar: docs/spool.md. The Java side
# (dev.walferry.client.spool) parses the same grammar; SpoolGrammarAgreementTest holds the two to it.
# Functions and variables only: sourcing this file runs nothing.

# ack_matches PATH NAME SPOOL TARGET: 0 when SPOOL/NAME.ack is an ack-file (docs/spool.md) for TARGET and PATH is
# unchanged since it was hashed: same size, modification time to the nanosecond and inode (stat -L, as Java's
# FileStamp). Reads only; anything unexpected is 1.
ack_matches() {
  case "$2" in ''|*[!0-9A-Za-z.]*) return 1 ;; esac
  [ "${#2}" -le 64 ] || return 1
  a_path=$1 a_file="$3/$2.ack" a_want=$4
  [ -f "$a_file" ] || return 1
  # exactly one line, ended by LF
  { IFS= read -r a_line && ! IFS= read -r a_more && [ -z "$a_more" ]; } < "$a_file" 2>/dev/null || return 1
  # size SP sha256 SP mtime SP inode SP target: exactly four spaces
  case "$a_line" in *' '*' '*' '*' '*' '*) return 1 ;; *' '*' '*' '*' '*) ;; *) return 1 ;; esac
  a_size=${a_line%% *} a_rest=${a_line#* }
  a_sha=${a_rest%% *} a_rest=${a_rest#* }
  a_mtime=${a_rest%% *} a_rest=${a_rest#* }
  a_ino=${a_rest%% *} a_target=${a_rest#* }
  for a_n in "$a_size" "$a_mtime" "$a_ino"; do
    case "$a_n" in ''|*[!0123456789]*|0?*) return 1 ;; esac
    [ "$a_n" -le 9223372036854775807 ] 2>/dev/null || return 1
  done
  case "$a_sha" in *[!0123456789abcdef]*) return 1 ;; esac
  [ "${#a_sha}" -eq 64 ] || return 1
  case "$a_target" in ''|*[!!-~]*) return 1 ;; esac
  [ "$a_target" = "$a_want" ] || return 1
  # one stat for both: the file's size, mtime and inode, then the ack's size (a NUL byte, which read drops, or
  # anything else read did not see makes the ack longer than its line)
  a_st=$(stat -L -c '%s %.9Y %i' -- "$a_path" "$a_file" 2>/dev/null) || return 1
  set -- $a_st
  [ "$#" -eq 6 ] && [ "$4" = "$((${#a_line} + 1))" ] || return 1
  a_now=${2%.*}${2#*.}
  while case "$a_now" in 0?*) ;; *) false ;; esac; do a_now=${a_now#0}; done
  [ "$a_size" = "$1" ] && [ "$a_mtime" = "$a_now" ] && [ "$a_ino" = "$3" ]
}

# Ship-ahead fast path (docs/performance.md). When an earlier `walferry push --spool-dir DIR` already pushed
# this file and recorded the receiver's durable acknowledgement in DIR/NAME.ack, and ack_matches, consume the ack and
# exit 0 without starting a JVM. Anything unexpected falls through to the Java command, which makes the same check.
# Needs --spool-dir, one --server and --archive on the command line and %p %f as the last two arguments (with several
# --server, ship-ahead is off: the Java command refuses --spool-dir).
shipped_ahead() { # path name spool target quiet [how]
  ack_matches "$1" "$2" "$3" "$4" || return 1
  rm -f -- "$3/$2.ack"
  [ -n "$5" ] || echo "walferry push: $2 ${6:-was already acknowledged by the receiver (shipped ahead)}" >&2
  return 0
}

# Push-agent fast path (docs/performance.md). When `walferry push-agent --spool-dir DIR` runs for the same
# archive@server (DIR/agent.pid holds its pid and target; the process is alive), ask it for this file with
# DIR/NAME.want (the absolute path and the target, written by rename) and wait for the receiver's durable
# acknowledgement in DIR/NAME.ack, checked as above: no JVM start, no TLS handshake. If the agent does not take the
# request within about 2 s, reports DIR/NAME.err, answers with an ack that does not match, dies, or takes more than
# about 5 minutes, fall through to the Java command, which pushes the file itself.
agent_pushed() { # path name spool target quiet
  case "$2" in ''|*[!0-9A-Za-z.]*) return 1 ;; esac
  [ "${#2}" -le 64 ] || return 1
  [ -f "$3/agent.pid" ] || return 1
  read -r apid atarget 2>/dev/null < "$3/agent.pid" || return 1
  case "$apid" in ''|0|1|*[!0-9]*) return 1 ;; esac
  # An agent for another archive or receiver (another cluster's, sharing the spool) is never asked.
  [ "$atarget" = "$4" ] || return 1
  kill -0 "$apid" 2>/dev/null || return 1
  case "$1" in /*) abs=$1 ;; *) abs=$PWD/$1 ;; esac
  # want-file is two lines: a path with a newline in it cannot be asked for
  case "$abs" in *'
'*) return 1 ;; esac
  want="$3/$2.want" err="$3/$2.err" tmp="$3/.$2.want.$$"
  # An ack still here did not match (shipped_ahead just said so): drop it, so that the next one answers this request.
  rm -f -- "$err" "$3/$2.ack"
  { printf '%s\n%s\n' "$abs" "$4" > "$tmp" && mv -f -- "$tmp" "$want"; } 2>/dev/null || { rm -f -- "$tmp"; return 1; }
  i=0 pause=0.005
  while :; do
    # Stopped by a signal (bin/walferry's traps set walferry_stop): withdraw the request if the agent has not taken
    # it, so that nothing is pushed for a server that is shutting down; bin/walferry then exits non-zero.
    if [ -n "${walferry_stop:-}" ]; then
      rm -f -- "$want"
      return 1
    fi
    if [ -f "$3/$2.ack" ]; then
      if shipped_ahead "$1" "$2" "$3" "$4" "$5" "acknowledged by the receiver (pushed by walferry push-agent)"; then
        return 0
      fi
      echo "walferry push: the push-agent's acknowledgement of $2 does not match this call (another --server or" \
        "--archive than the agent's, or the file changed); pushing it directly" >&2
      return 1
    fi
    if [ -f "$err" ]; then
      read -r ecode emsg 2>/dev/null < "$err" || :
      rm -f -- "$err"
      echo "walferry push: the push-agent could not push $2 (${emsg:-no reason given}); pushing it directly" >&2
      return 1
    fi
    # Poll every 5 ms for 0.3 s (a warm agent answers in tens of ms), then every 20 ms, then every 100 ms.
    i=$((i + 1))
    case "$i" in 60) pause=0.02 ;; 160) pause=0.1 ;; esac
    if [ "$i" -ge 140 ] && [ -f "$want" ]; then
      rm -f -- "$want"
      # Nobody took the request in about 2 s: agent.pid may name a reused pid. Forget it, so that the next calls do
      # not wait too (a live agent writes it again within 10 s).
      if read -r p2 t2 2>/dev/null < "$3/agent.pid" && [ "$p2" = "$apid" ]; then rm -f -- "$3/agent.pid"; fi
      echo "walferry push: the push-agent (pid $apid) did not take the request for $2; pushing it directly" >&2
      return 1
    fi
    if ! kill -0 "$apid" 2>/dev/null || [ "$i" -ge 3100 ]; then
      rm -f -- "$want"
      echo "walferry push: the push-agent (pid $apid) did not push $2; pushing it directly" >&2
      return 1
    fi
    sleep "$pause"
  done
}

# `walferry push ... --spool-dir DIR ... %p %f`: the ship-ahead, then the push-agent fast path.
push_fastpath() {
  spool= server= servers=0 archive= quiet= prev= p= f=
  for a in "$@"; do
    case "$prev" in
      --spool-dir) spool=$a ;;
      --server) server=$a; servers=$((servers + 1)) ;;
      --archive) archive=$a ;;
    esac
    case "$a" in
      --spool-dir=*) spool=${a#*=} ;;
      --server=*) server=${a#*=}; servers=$((servers + 1)) ;;
      --archive=*) archive=${a#*=} ;;
      -q|--quiet) quiet=1 ;;
    esac
    prev=$a
    p=$f
    f=$a
  done
  case "$server" in *,*) servers=2 ;; esac
  [ -n "$spool" ] && [ "$servers" -eq 1 ] && [ -n "$archive" ] || return 1
  shipped_ahead "$p" "$f" "$spool" "$archive@$server" "$quiet" \
    || agent_pushed "$p" "$f" "$spool" "$archive@$server" "$quiet"
}

# Prefetch fast path (docs/performance.md): `walferry restore --spool-dir DIR --server S --archive A NAME PATH` when
# the background prefetcher already put NAME, checksum-verified, into DIR for the same archive and server (DIR/.source)
# on the file system of PATH: one rename, no JVM. Not with --wait, a trigger file or --keep-from (their rules need
# the Java command), and only for WAL segments.
restore_fastpath() {
  spool= server= archive= prev= n= l= special=
  for a in "$@"; do
    case "$prev" in
      --spool-dir) spool=$a ;;
      --server) server=$a ;;
      --archive) archive=$a ;;
    esac
    case "$a" in
      --spool-dir=*) spool=${a#*=} ;;
      --server=*) server=${a#*=} ;;
      --archive=*) archive=${a#*=} ;;
      --wait|-t|--trigger|--trigger=*|--keep-from|--keep-from=*) special=1 ;;
    esac
    prev=$a
    n=$l
    l=$a
  done
  case "$n" in ''|*[!0-9A-F]*) special=1 ;; esac
  if [ -z "$special" ] && [ -n "$spool" ] && [ -n "$server" ] && [ -n "$archive" ] && [ "${#n}" -eq 24 ] \
      && [ -f "$spool/$n" ] && [ "$(cat -- "$spool/.source" 2>/dev/null)" = "$archive@$server" ] \
      && [ "$(stat -c %d -- "$spool" 2>/dev/null)" = "$(stat -c %d -- "$(dirname -- "$l")" 2>/dev/null)" ]; then
    # .requested first (best effort): the prefetcher keeps the requested segment and the K after it, so it neither
    # deletes this one nor runs ahead while the rename below empties a place in its window.
    { printf '%s' "$n" > "$spool/.requested.tmp" && mv -f -- "$spool/.requested.tmp" "$spool/.requested"; } \
      2>/dev/null || :
    mv -f -- "$spool/$n" "$l" 2>/dev/null && return 0
  fi
  return 1
}

walferry_fastpath() { # the launcher's arguments
  case "$1" in
    push) push_fastpath "$@" ;;
    restore) restore_fastpath "$@" ;;
    *) return 1 ;;
  esac
}
