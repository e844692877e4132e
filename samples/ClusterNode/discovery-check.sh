#!/usr/bin/env bash
# Starts two ClusterNode processes on free ports with the same --discovery static list and a --management-port each, waits
# until both answer GET /health/ready with 200 and GET /cluster/members shows both nodes Up, then stops them with SIGINT.
# Every wait has a deadline and both processes are stopped on every path (killed if a graceful leave does not finish).
# Run from the repository root: samples/ClusterNode/discovery-check.sh   (exit code 0 = the cluster formed)
set -euo pipefail

cd "$(dirname "$0")/../.."
dotnet build samples/ClusterNode -v quiet -nologo >/dev/null
dll=samples/ClusterNode/bin/Debug/net10.0/ClusterNode.dll
logs=$(mktemp -d)

read -r p1 p2 m1 m2 < <(eng/free-ports.sh 4)
list="static:127.0.0.1:$p1,127.0.0.1:$p2"

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done   # 20 s for the leave
    # $pid is the `timeout` wrapper; a SIGKILL is not forwarded, so the node under it is killed by its parent id first.
    pkill -KILL -P "$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT

# `timeout` is a last resort: no node outlives this script by more than 120 s even if the trap cannot run.
timeout 120 dotnet "$dll" --name a --port "$p1" --discovery "$list" --management-port "$m1" >"$logs/a.log" 2>&1 &
pids+=($!)
timeout 120 dotnet "$dll" --name b --port "$p2" --discovery "$list" --management-port "$m2" >"$logs/b.log" 2>&1 &
pids+=($!)
echo "nodes a (127.0.0.1:$p1, management $m1) and b (127.0.0.1:$p2, management $m2); logs in $logs"

formed=false
for _ in $(seq 1 120); do   # at most 60 s
  ok=0
  for m in "$m1" "$m2"; do
    ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$m/health/ready" || true)
    ups=$(curl -s "http://127.0.0.1:$m/cluster/members" | grep -c '"status": "Up"' || true)
    [[ "$ready" == 200 && "$ups" == 2 ]] && ok=$((ok + 1))
  done
  if [[ $ok == 2 ]]; then formed=true; break; fi
  sleep 0.5
done

if $formed; then
  echo "formed one cluster of 2; GET /cluster/members on a:"
  curl -s "http://127.0.0.1:$m1/cluster/members"
  echo
  stop_all
  trap - EXIT
  echo "stopped; last lines of a:"
  tail -n 3 "$logs/a.log"
  exit 0
fi
echo "no cluster of 2 within 60 s; logs:" >&2
tail -n 30 "$logs/a.log" "$logs/b.log" >&2
exit 1
