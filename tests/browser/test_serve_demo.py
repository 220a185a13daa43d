"""`make demo` run twice: the second run sees the first one's server instead of failing on the port."""

import socket

from deploy.serve_demo import already_serving


def test_a_running_demo_is_recognised(live_port):
    assert already_serving(live_port) is True


def test_a_free_port_is_not_mistaken_for_a_running_demo():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        free = sock.getsockname()[1]
    assert already_serving(free) is False
