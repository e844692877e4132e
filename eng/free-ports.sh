#!/usr/bin/env bash
# Prints N distinct free TCP ports on 127.0.0.1 (default 1), space-separated: each is bound to port 0 and all are held until
# every one is known, so no two are the same. Used by the sample check scripts, which must never use fixed ports.
set -euo pipefail
python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])' "${1:-1}"
