#!/usr/bin/env bash
# Starts two HostedService processes on free ports (the second with --join to the first, the first with --console-telemetry),
# waits until both answer GET /health/ready with 200 and list 2 Up members, asks GET /greet/Caplin on both, checks that the
# first printed the call's span (child of the request's span), then sends SIGTERM to the first: it must
# exit with code 0 within 20 s, and the second must list 1 member within 10 s after that. Every wait has a deadline and no
# process outlives the script. Run from anywhere: samples/HostedService/check.sh   (exit code 0 = all of the above held)
set -euo pipefail

cd "$(dirname "$0")/../.."
dotnet build samples/HostedService -v quiet -nologo >/dev/null
dll=samples/HostedService/bin/Debug/net10.0/HostedService.dll
logs=$(mktemp -d)

read -r h1 h2 a1 a2 < <(eng/free-ports.sh 4)

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done   # 20 s for the leave
    # $pid is the `timeout` wrapper; a SIGKILL is not forwarded, so the node under it is killed by its parent id first.
    pkill -KILL -P "$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT
fail() { echo "FAIL: $*" >&2; tail -n 40 "$logs/first.log" "$logs/second.log" >&2; exit 1; }

# `timeout` is a last resort: no node outlives this script by more than 150 s even if the trap cannot run. The background job
# execs `timeout`, so $! is its pid, and `timeout` passes the SIGTERM on to the node, as a process manager would send it.
start() { # name http-port akka-port [more arguments]
  local name=$1 http=$2 akka=$3
  shift 3
  exec_node() { exec timeout 150 dotnet "$dll" --urls "http://127.0.0.1:$http" --port "$akka" "$@"; }
  exec_node "$@" >"$logs/$name.log" 2>&1 &
  pids+=($!)
}
start first "$h1" "$a1" --console-telemetry
start second "$h2" "$a2" --join "127.0.0.1:$a1"
echo "first (http $h1, akka $a1) and second (http $h2, akka $a2, --join 127.0.0.1:$a1); logs in $logs"

members_up() { curl -s --max-time 2 "http://127.0.0.1:$1/cluster/members" | grep -c '"status": "Up"' || true; }
members() { curl -s --max-time 2 "http://127.0.0.1:$1/cluster/members" | grep -c '"node":' || true; }

formed=false
for _ in $(seq 1 120); do   # at most 60 s
  ok=0
  for h in "$h1" "$h2"; do
    ready=$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$h/health/ready" || true)
    [[ "$ready" == 200 && "$(members_up "$h")" == 2 ]] && ok=$((ok + 1))
  done
  if [[ $ok == 2 ]]; then formed=true; break; fi
  sleep 0.5
done
$formed || fail "no cluster of 2 Up members with /health/ready 200 on both within 60 s"
echo "both ready; 2 Up members on each"

for h in "$h1" "$h2"; do
  greeting=""
  for _ in $(seq 1 40); do   # at most 20 s for the greeters' check-ins to reach this node
    greeting=$(curl -s --max-time 5 "http://127.0.0.1:$h/greet/Caplin" || true)
    [[ "$greeting" == "Hello, Caplin!" ]] && break
    sleep 0.5
  done
  [[ "$greeting" == "Hello, Caplin!" ]] || fail "GET /greet/Caplin on http port $h answered '$greeting'"
done
echo "GET /greet/Caplin answered 'Hello, Caplin!' on both"

# The console exporter prints each span as it ends, its parent span id just above its name: the call's span (client or
# internal, whichever greeter answered) has the distributed method's name and a parent, the request's span.
traced=false
for _ in $(seq 1 50); do   # at most 5 s
  if grep -B1 'Activity.DisplayName: *HostedService.IGreeter/Hi' "$logs/first.log" | grep -q 'Activity.ParentSpanId: *[0-9a-f]\{16\}'; then
    traced=true; break
  fi
  sleep 0.1
done
$traced || fail "the first node printed no span HostedService.IGreeter/Hi with a parent (--console-telemetry)"
echo "the first node printed the call's span, child of the request's span"

kill -TERM "${pids[0]}"
exited=false
for _ in $(seq 1 200); do   # at most 20 s
  if ! kill -0 "${pids[0]}" 2>/dev/null; then exited=true; break; fi
  sleep 0.1
done
$exited || fail "the first node did not exit within 20 s of SIGTERM"
code=0
wait "${pids[0]}" || code=$?
[[ $code == 0 ]] || fail "the first node exited with code $code after SIGTERM"
echo "the first node left and exited with 0"

left=false
for _ in $(seq 1 100); do   # at most 10 s
  if [[ "$(members "$h2")" == 1 ]]; then left=true; break; fi
  sleep 0.1
done
$left || fail "the second node still lists $(members "$h2") members 10 s after the first exited"
echo "the second node lists 1 member"
exit 0
