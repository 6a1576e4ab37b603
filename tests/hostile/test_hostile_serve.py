"""Issue 12, F7: ``politburo serve`` on 127.0.0.1 starts games only for its own page.

A page on another site open in the teacher's browser could open a websocket to 127.0.0.1:8000
and start games; a name that a rebinding DNS points at 127.0.0.1 could read the pages; and there
was no limit on tabs.  Each case runs the real server on a free loopback port (bounded waits,
stopped with its process group) and asserts the exact answer."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request

import pytest

from game.classroom.webserve import FULL_TITLE, Gate, default_max_players, full_terminal
from tests.classroom.serving import served, started_games, wait_until, warm_games
from tests.conftest import run_cli

pytest.importorskip("textual_serve", reason="politburo serve needs textual-serve")
FIRST_SCREEN = b"name"  # a served class game first asks for the student's name


@pytest.fixture(scope="module")
def code() -> str:
    return json.loads(run_cli("class", "new", "--scenario", "kim-1949", "--seed", "3", "--format", "json").stdout)["code"]


def get(url: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


async def tab(port: int, *, origin: str | None = None, host: str | None = None, within: float = 30):
    """Open a tab's websocket as a browser does; (HTTP status, what its terminal showed, closed)."""
    import aiohttp

    headers = {}
    if origin is not None:
        headers["Origin"] = origin
    if host is not None:
        headers["Host"] = host
    async with aiohttp.ClientSession() as session:
        try:
            ws = await session.ws_connect(f"ws://127.0.0.1:{port}/ws?width=100&height=30", headers=headers)
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status, b"", True
        seen, closed = b"", False
        async with ws:
            deadline = asyncio.get_running_loop().time() + within
            while FIRST_SCREEN not in seen and asyncio.get_running_loop().time() < deadline:
                try:
                    msg = await asyncio.wait_for(ws.receive(), 1)
                except TimeoutError:
                    continue
                if msg.type == aiohttp.WSMsgType.BINARY:
                    seen += msg.data
                elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                    closed = True
                    break
        return 101, seen, closed


# -- the rules, exactly -------------------------------------------------------------------------

def test_the_gate_answers_its_own_addresses_and_the_names_the_teacher_allows():
    gate = Gate(["teacher-pc.school.lan", "http://Projector.lan:8000/"])
    assert gate.allowed == {"teacher-pc.school.lan", "projector.lan"}
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "192.168.1.20:8000", "teacher-pc.school.lan:80"):
        assert gate.host_problem(host) == "", host
    assert gate.host_problem("evil.example:8000") == (
        "this server answers to its own addresses only, not to the name 'evil.example' "
        "(the teacher can allow it: politburo serve --allow-origin evil.example)")
    assert gate.host_problem("") == "the request names no host"
    own = "127.0.0.1:8000"
    assert gate.origin_problem(None, own) == ""  # not a web page
    assert gate.origin_problem("http://127.0.0.1:8000", own) == ""
    assert gate.origin_problem("http://teacher-pc.school.lan:8000", own) == ""
    assert gate.origin_problem("http://127.0.0.1:9999", own) == (
        "a page at 'http://127.0.0.1:9999' is not this server's page, so it may not start games here "
        "(to allow it: politburo serve --allow-origin 127.0.0.1)")
    assert gate.origin_problem("http://evil.example", own).startswith("a page at 'http://evil.example' is not")
    assert gate.origin_problem("null", own) == "a page at 'null' may not start games here"
    assert gate.origin_problem("file://", own) == "a page at 'file://' may not start games here"
    assert Gate.bad_hosts(["ok.lan", "", "http://", "a/b"]) == ["", "http://", "a/b"]


def test_the_tab_limit_comes_from_memory_and_cores():
    # Half the available memory at 24 MiB a warm tab (50 cold), and 25 tabs a core: the smaller.
    assert default_max_players(warm=True, cpus=2, mib=1600) == 33
    assert default_max_players(warm=False, cpus=2, mib=1600) == 16
    assert default_max_players(warm=True, cpus=2, mib=20_000) == 50
    assert default_max_players(warm=True, cpus=64, mib=10**6) == 200
    assert default_max_players(warm=True, cpus=1, mib=50) == 4
    assert default_max_players(warm=True, cpus=2, mib=None) == 50
    assert "as many as this computer takes" in full_terminal(30).decode()


def test_bad_options_are_refused():
    for args, message in ((["--max-players", "0"], "--max-players must be between 1 and 10000, not 0"),
                          (["--warm", "-1"], "--warm must be between 0 and 1000, not -1"),
                          (["--allow-origin", "http://"], "--allow-origin needs a host name"),
                          (["--runs-dir", ""], "--runs-dir is empty")):
        out = run_cli("serve", *args)
        assert out.returncode == 2 and message in out.stderr and "Traceback" not in out.stderr, (args, out.stderr)


# -- the real server on 127.0.0.1 -------------------------------------------------------------------

@pytest.mark.parametrize("warm", [0, 2], ids=["a process per tab", "warm start"])
def test_a_page_of_another_site_starts_no_game(tmp_path, code, warm):
    with served(tmp_path / "serve.log", "--class", code, "--runs-dir", str(tmp_path / "runs"),
                "--warm", str(warm)) as server:
        if warm:
            wait_until(lambda: len(warm_games(server)) == warm, 60, "the waiting games")
        status, seen, _ = asyncio.run(tab(server.port, origin="http://evil.example"))
        assert (status, seen) == (403, b"")
        status, seen, _ = asyncio.run(tab(server.port, origin="https://127.0.0.1"))  # another port
        assert status == 403
        # A name a rebinding DNS points here: neither the page nor a game.
        assert get(server.url, Host=f"evil.example:{server.port}") == (
            403, "Politburo: this server answers to its own addresses only, not to the name 'evil.example' "
                 "(the teacher can allow it: politburo serve --allow-origin evil.example)\n")
        status, seen, _ = asyncio.run(tab(server.port, origin=f"http://evil.example:{server.port}",
                                          host=f"evil.example:{server.port}"))
        assert status == 403
        # Nothing was started for any of them: no process, no waiting game taken.
        assert started_games(server) == 0
        if warm:
            assert len(warm_games(server)) == warm
        # The server's own page may.
        status, seen, _ = asyncio.run(tab(server.port, origin=f"http://127.0.0.1:{server.port}"))
        assert status == 101 and FIRST_SCREEN in seen
        log = server.output()
    assert "refused GET /ws: a page at 'http://evil.example' is not this server's page" in log
    assert "\x1b" not in log.split("refused", 1)[1].split("\n", 1)[0]


def test_a_name_the_teacher_allowed_is_served(tmp_path, code):
    with served(tmp_path / "serve.log", "--class", code, "--runs-dir", str(tmp_path / "runs"), "--warm", "1",
                "--allow-origin", "teacher-pc.school.lan") as server:
        host = f"teacher-pc.school.lan:{server.port}"
        status, page = get(server.url, Host=host)
        assert status == 200 and f"ws://{host}/ws" in page
        status, seen, _ = asyncio.run(tab(server.port, origin=f"http://{host}", host=host))
        assert status == 101 and FIRST_SCREEN in seen


def test_the_tab_limit_is_honoured_with_a_clear_page(tmp_path, code):
    with served(tmp_path / "serve.log", "--class", code, "--runs-dir", str(tmp_path / "runs"), "--warm", "1",
                "--max-players", "2") as server:

        async def lesson():
            import aiohttp

            async with aiohttp.ClientSession() as session:
                url = f"ws://127.0.0.1:{server.port}/ws?width=100&height=30"
                first = await session.ws_connect(url)
                second = await session.ws_connect(url)
                for ws in (first, second):  # both play
                    seen = b""
                    while FIRST_SCREEN not in seen:
                        seen += (await asyncio.wait_for(ws.receive(), 30)).data or b""
                status, page = await asyncio.to_thread(get, server.url)
                third = await tab(server.port, within=10)
                await first.close()
                await asyncio.sleep(0.5)
                fourth = await tab(server.port)  # a place came free
                await second.close()
                return status, page, third, fourth

        status, page, third, fourth = asyncio.run(lesson())
        banner = server.output()  # not at once: the banner follows the port's opening by a moment
    assert "at most 2 at once (--max-players)" in banner
    assert status == 503 and f"<h1>{FULL_TITLE}</h1>" in page and "2 students are playing already" in page
    assert third[0] == 101 and third[1] == full_terminal(2) and third[2]  # told in the terminal, then closed
    assert fourth[0] == 101 and FIRST_SCREEN in fourth[1]


def test_the_live_page_is_the_teachers(tmp_path, code):
    """The live page answers this machine, and only its own page may fetch the board."""
    from tests.classroom.lesson import play_lesson

    runs = tmp_path / "runs"
    play_lesson(runs, players=3, playing=1)
    with served(tmp_path / "serve.log", "--runs-dir", str(runs), "--warm", "0") as server:
        status, page = get(server.url + "live")
        assert status == 200 and "<div id='board'>" in page and "<script>" in page and "http" not in page.split(
            "<script>")[1]
        board = wait_until(lambda: (lambda r: r if "Still playing (1)" in r[1] else None)(
            get(server.url + "live/board?since=-1")), 20, "the board")
        assert board[0] == 200 and "Student 03" in board[1]
        assert "the Politburo's choice)" not in board[1] or "hidden" in board[1]
        assert get(server.url + "live/board?since=-1", Origin="http://evil.example")[0] == 403
        assert get(server.url + "live", Host=f"evil.example:{server.port}")[0] == 403
