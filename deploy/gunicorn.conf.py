"""gunicorn settings for Academy's web processes (`make serve`, deploy/systemd/academy-web.service).

Stateless: run as many of these as the load needs, on as many machines, behind the proxy.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from academy.core.logging import json_logging  # noqa: E402

wsgi_app = "academy.config.wsgi:application"
bind = os.environ.get("ACADEMY_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = 60
# WEB_REUSE_PORT=1: each worker listens on a socket of its own and the kernel spreads new connections over
# them. On one shared socket a burst of new connections can all go to one worker (seen in bench/: half the
# throughput), which matters when a proxy keeps a few long-lived connections open. Off by default: a
# recycled worker (max_requests) drops the connections still queued on its socket unless the kernel moves
# them (sysctl net.ipv4.tcp_migrate_req=1, Linux 5.14 and later). docs/deploy.md.
reuse_port = os.environ.get("WEB_REUSE_PORT", "") == "1"
# SIGTERM: stop accepting, finish the requests in hand (up to this long), then exit.
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", "30"))
max_requests = 2000  # recycle workers now and then; jitter so they do not all restart together
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
logconfig_dict = json_logging(os.environ.get("LOG_LEVEL", "INFO"))
# No control socket: one per user would be shared by every gunicorn that user runs, and systemd already
# gives the signals it would (HUP to reload, TERM to stop).
control_socket_disable = True
