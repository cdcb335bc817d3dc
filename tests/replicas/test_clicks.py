"""Every click counted with three shortener replicas. Each process keeps its clicks in memory and adds
them to PostgreSQL in batches (here only when it stops: CLICK_FLUSH_SECONDS=3600), so nothing but the
sum of the batches counts; a replica stopped with SIGTERM, as a rolling restart stops it, writes its
batch on the way out, and the redirects sent meanwhile go to the replicas still running."""

import threading
import time
from collections import Counter

import httpx

from devstack.stack import Stack
from tests.factories import TestUser
from tests.replicas.conftest import REPLICAS, now, upstreams_since
from tests.shortener.helpers import created, stats


def test_every_click_is_counted_once_across_replicas_and_through_a_rolling_restart(
    replicated: Stack, front: httpx.Client, host: TestUser
) -> None:
    link = created(front, host.headers, f"http://localhost:{replicated.port}/movies")
    code = link["code"]
    answers: Counter[int] = Counter()

    def click(times: int) -> None:
        with httpx.Client(base_url=replicated.url, timeout=30, follow_redirects=False) as client:
            for _ in range(times):
                answers[client.get(f"/s/{code}").status_code] += 1

    since = now()
    click(30)
    time.sleep(0.3)
    assert len(set(upstreams_since(replicated, since, f"/s/{code}"))) == REPLICAS, (
        "clicks reached every replica"
    )
    assert stats(front, host.headers, code)["clicks"] == 0, "the counts are still in the processes"

    # A rolling restart under load: clicks keep coming while each replica in turn is stopped (its batch
    # is written) and started again.
    clicking = [threading.Thread(target=click, args=(60,)) for _ in range(3)]
    for thread in clicking:
        thread.start()
    for replica in range(1, REPLICAS + 1):
        replicated.stop_service("url_shortener", replica=replica)
        replicated.start_service("url_shortener", replica=replica)
    for thread in clicking:
        thread.join()
    # The last batches are written when the replicas stop.
    replicated.stop_service("url_shortener")
    replicated.start_service("url_shortener")

    redirected = sum(count for status, count in answers.items() if 300 <= status < 400)
    assert set(answers) <= {302, 307}, f"every click was redirected: {answers}"
    assert redirected == 30 + 3 * 60
    assert stats(front, host.headers, code)["clicks"] == redirected
