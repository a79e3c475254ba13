#!/usr/bin/env python3
"""Watch events per second through an informer into a handler, the client alone: a recorded watch stream of
realistic pods replayed from loopback as fast as the client reads it, beside client-go's informer and the official
client's watch.

    KUBECONFIG=/path/to/admin.kubeconfig .venv/bin/python benchmarks/watch_replay.py \
        [--pods 1000] [--loops 20] [--official-loops 2] [--rounds 3] [--namespace NS] [--go-watchreplay PATH] \
        [--profile]

Recording (once, not measured): the namespace gets ``--pods`` realistic Pods (list_pods.py's, with a Running
status). Two raw watches of the real API server, one in protobuf and one in JSON, open at the same time in
WatchList mode (``sendInitialEvents=true``): the server streams an ADDED event per pod, the bookmark closing the
initial events, then a MODIFIED event per pod as the script bumps an annotation of every pod. The bytes of each
stream (after HTTP chunking is undone) are kept frame by frame, with an empty PodList of the namespace in both
formats. Nothing of the library under test takes part in the recording but the clientset that patches the pods.

Replaying: a loopback HTTP/1.1 server (plain HTTP, no credentials; a process of its own, so it takes no CPU from
the client's interpreter) answers a list with the empty PodList and the first watch with the recorded stream: the
ADDED events, the bookmark when the watch asked for initial events, then the MODIFIED events ``--loops`` times,
one HTTP chunk per event as the API server sends them, and keeps the stream open. Later watches stay open and
silent. The client under test
runs in a fresh process and is timed from its start until its handler has seen every ADDED and MODIFIED event:

- kubernetes_py: a SharedInformerFactory (``with_namespace``) pod informer with a handler counting add and update
  calls, in protobuf and in JSON;
- client-go: the same factory and handler (hack/oracle/cmd/watchreplay), in protobuf and in JSON;
- the official ``kubernetes`` client: ``watch.Watch().stream(CoreV1Api.list_namespaced_pod, ns)``, which decodes
  every event into a ``V1Pod`` (it has no informer; JSON only), over ``--official-loops`` loops.

Rounds interleave the variants; each keeps its best rate. ``--profile`` also runs kubernetes_py's protobuf informer
under cProfile (every thread) and prints its CPU per thread and the functions that take the most time.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import http.client
import http.server
import io
import json
import os
import pstats
import socketserver
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

FORMATS = {"protobuf": "application/vnd.kubernetes.protobuf", "json": "application/json"}
SECTIONS = ("added", "bookmark", "modified")
URL = "{url}"
"""Where a client's arguments take the replay server's URL."""
TARGET = 20000
"""Issue 10's target: pod events per second through the informer over protobuf, the client alone."""


# --- frames -------------------------------------------------------------------------------------------------------


def read_frame(stream, fmt: str) -> bytes:
    """One watch event as sent: a 4-byte big-endian length and the message (protobuf), or one line (JSON).
    Returns b"" at the end of the stream."""
    if fmt == "protobuf":
        head = stream.read(4)
        if len(head) < 4:
            return b""
        (n,) = struct.unpack(">I", head)
        body = stream.read(n)
        return head + body if len(body) == n else b""
    return stream.readline()


def event_type(frame: bytes, fmt: str) -> str:
    """The type of a watch event frame (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR)."""
    if fmt == "json":
        return json.loads(frame)["type"]
    head = frame[:96]  # the WatchEvent's field 1 (type) comes first, inside the runtime.Unknown envelope if any
    for kind in ("ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"):
        if b"\n" + bytes([len(kind)]) + kind.encode() in head:
            return kind
    raise ValueError(f"not a watch event frame: {head!r}")


def chunked(frames: list[bytes]) -> bytes:
    """The frames as HTTP/1.1 chunks, one chunk per event (the API server flushes after every event)."""
    return b"".join(b"%x\r\n" % len(f) + f + b"\r\n" for f in frames)


# --- recording ----------------------------------------------------------------------------------------------------


def _connection(kubeconfig: str) -> tuple[str, ssl.SSLContext, dict]:
    """Host, TLS context and auth headers from the kubeconfig's current context (token or client certificate)."""
    import yaml

    cfg = yaml.safe_load(Path(kubeconfig).read_text())
    current = next(c["context"] for c in cfg["contexts"] if c["name"] == cfg["current-context"])
    cluster = next(c["cluster"] for c in cfg["clusters"] if c["name"] == current["cluster"])
    user = next(u["user"] for u in cfg["users"] if u["name"] == current["user"])
    tls = ssl.create_default_context()
    if "certificate-authority-data" in cluster:
        tls.load_verify_locations(cadata=base64.b64decode(cluster["certificate-authority-data"]).decode())
    elif "certificate-authority" in cluster:
        tls.load_verify_locations(cafile=cluster["certificate-authority"])
    headers = {}
    if "token" in user:
        headers["Authorization"] = f"Bearer {user['token']}"
    elif "client-certificate" in user:
        tls.load_cert_chain(user["client-certificate"], user["client-key"])
    return urllib.parse.urlsplit(cluster["server"]).netloc, tls, headers


def _request(kubeconfig: str, path: str, accept: str) -> tuple[http.client.HTTPSConnection, http.client.HTTPResponse]:
    host, tls, headers = _connection(kubeconfig)
    conn = http.client.HTTPSConnection(host, context=tls, timeout=120)
    conn.request("GET", path, headers={**headers, "Accept": accept})
    resp = conn.getresponse()
    if resp.status != 200:
        raise RuntimeError(f"GET {path}: {resp.status} {resp.read()[:500]!r}")
    return conn, resp


def record(kubeconfig: str, namespace: str, pods: int, out: Path) -> dict:
    """Records the two watch streams and the empty lists into ``out``; returns what it recorded (counts, types)."""
    from list_pods import PROTOBUF, clientset_for, ensure_pods

    from kubernetes_py import context
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1

    ensure_pods(kubeconfig, namespace, pods)
    base = f"/api/v1/namespaces/{namespace}/pods"
    meta: dict = {"pods": pods}
    for fmt, accept in FORMATS.items():
        conn, resp = _request(kubeconfig, f"{base}?fieldSelector=metadata.name%3Dno-such-pod", accept)
        (out / f"list.{fmt}").write_bytes(resp.read())
        meta[f"list_type.{fmt}"] = resp.getheader("Content-Type")
        conn.close()
    existing = len(
        clientset_for(kubeconfig, PROTOBUF)
        .core_v1()
        .pods(namespace)
        .list(context.background(), metav1.ListOptions())
        .items
    )
    query = "watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true"
    streams = {fmt: _request(kubeconfig, f"{base}?{query}", accept) for fmt, accept in FORMATS.items()}
    recorded: dict[str, dict[str, list[bytes]]] = {fmt: {s: [] for s in SECTIONS} for fmt in FORMATS}
    errors: list[BaseException] = []

    def read(fmt: str) -> None:
        sections = recorded[fmt]
        try:
            resp = streams[fmt][1]
            while len(sections["modified"]) < existing:
                frame = read_frame(resp, fmt)
                if not frame:
                    raise RuntimeError(f"the {fmt} watch ended early")
                kind = event_type(frame, fmt)
                if kind == "BOOKMARK":
                    if not sections["bookmark"]:
                        sections["bookmark"].append(frame)
                elif kind == "ADDED" and not sections["bookmark"]:
                    sections["added"].append(frame)
                elif kind == "MODIFIED" and sections["bookmark"]:
                    sections["modified"].append(frame)
                else:
                    raise RuntimeError(f"unexpected {kind} event in the {fmt} watch")
        except BaseException as err:  # noqa: BLE001 - reported by the recording thread's caller
            errors.append(err)

    readers = [threading.Thread(target=read, args=(fmt,), name=f"record {fmt}") for fmt in FORMATS]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + 120
    while not all(recorded[f]["bookmark"] for f in FORMATS) and not errors and time.monotonic() < deadline:
        time.sleep(0.05)
    client = clientset_for(kubeconfig, PROTOBUF).core_v1().pods(namespace)
    names = [p.metadata.name for p in client.list(context.background(), metav1.ListOptions()).items]
    stamp = str(time.time_ns())

    def bump(name: str) -> None:
        patch = json.dumps({"metadata": {"annotations": {"bench/replay": stamp}}}).encode()
        client.patch(context.background(), name, "application/merge-patch+json", patch, metav1.PatchOptions())

    if not errors:
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(bump, names))
    for reader in readers:
        reader.join(180)
    for conn, _resp in streams.values():
        conn.close()
    if errors:
        raise errors[0]
    for fmt in FORMATS:
        meta[f"watch_type.{fmt}"] = streams[fmt][1].getheader("Content-Type")
        for section, frames in recorded[fmt].items():
            (out / f"{section}.{fmt}").write_bytes(b"".join(frames))
            meta[f"{section}.{fmt}"] = {"events": len(frames), "bytes": sum(map(len, frames))}
    (out / "meta.json").write_text(json.dumps(meta))
    return meta


def load(directory: Path, fmt: str) -> dict[str, list[bytes]]:
    """The recorded frames of one format, per section."""
    frames = {}
    for section in SECTIONS:
        stream = io.BytesIO((directory / f"{section}.{fmt}").read_bytes())
        frames[section] = list(iter(lambda: read_frame(stream, fmt), b""))
    return frames


# --- replaying ----------------------------------------------------------------------------------------------------


class ReplayServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """Serves the recording: lists get the empty PodList, the first watch the recorded stream (``loops`` times its
    MODIFIED events), later watches nothing; every watch stays open until ``close``."""

    daemon_threads = True

    def __init__(self, directory: Path, loops: int):
        meta = json.loads((directory / "meta.json").read_text())
        self.bodies = {}
        for fmt in FORMATS:
            frames = load(directory, fmt)
            self.bodies[fmt] = {
                "list": (directory / f"list.{fmt}").read_bytes(),
                "list_type": meta[f"list_type.{fmt}"],
                "watch_type": meta[f"watch_type.{fmt}"],
                **{section: chunked(frames[section]) for section in SECTIONS},
            }
        self.loops = loops
        self.watches = 0
        self.closing = threading.Event()
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _ReplayHandler)

    def close(self) -> None:
        self.closing.set()
        self.shutdown()
        self.server_close()


class _ReplayHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ReplayServer

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        bodies = self.server.bodies["protobuf" if "protobuf" in self.headers.get("Accept", "") else "json"]
        if query.get("watch", ["false"])[0] not in ("1", "true"):
            self.send_response(200)
            self.send_header("Content-Type", bodies["list_type"])
            self.send_header("Content-Length", str(len(bodies["list"])))
            self.end_headers()
            self.wfile.write(bodies["list"])
            return
        with self.server.lock:
            self.server.watches += 1
            first = self.server.watches == 1
        self.send_response(200)
        self.send_header("Content-Type", bodies["watch_type"])
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            if first:
                self.wfile.write(bodies["added"])
                if query.get("sendInitialEvents", ["false"])[0] == "true":
                    self.wfile.write(bodies["bookmark"])
                for _ in range(self.server.loops):
                    self.wfile.write(bodies["modified"])
            self.wfile.flush()
            self.server.closing.wait()  # an open watch with nothing more to say, as the API server keeps one
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading
        self.close_connection = True


def serve(directory: Path, loops: int) -> None:
    """The replay server as a process: prints its URL, serves until stdin closes."""
    server = ReplayServer(directory, loops)
    thread = threading.Thread(target=server.serve_forever, name="replay server")
    thread.start()
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    sys.stdin.read()
    server.close()
    thread.join()


class ReplayProcess:
    """``serve`` in a child process, for one client's run."""

    def __init__(self, directory: Path, loops: int):
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(directory), "--loops", str(loops)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.url = self.proc.stdout.readline().strip()
        if not self.url:
            self.proc.wait()
            raise RuntimeError("the replay server did not start")

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(30)
        self.proc.stdout.close()


# --- the clients --------------------------------------------------------------------------------------------------


def _thread_cpu() -> dict[str, float]:
    """CPU seconds of each live thread of this process, by thread name (threads of one name summed)."""
    names = {t.native_id: t.name for t in threading.enumerate()}
    tick = os.sysconf("SC_CLK_TCK")
    cpu: dict[str, float] = {}
    for task in os.listdir("/proc/self/task"):
        try:
            fields = Path(f"/proc/self/task/{task}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        name = names.get(int(task), f"thread {task}")
        cpu[name] = cpu.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return cpu


def _profile_every_thread() -> list[tuple[str, cProfile.Profile]]:
    """Runs every thread started from now on under a cProfile.Profile of its own; returns the list of (thread
    name, profile) they join."""
    profiles: list[tuple[str, cProfile.Profile]] = []
    run = threading.Thread.run

    def profiled(self):
        profile = cProfile.Profile()
        profiles.append((self.name, profile))
        profile.runcall(run, self)

    threading.Thread.run = profiled
    return profiles


def child_ours(url: str, namespace: str, fmt: str, events: int, profile: bool) -> dict:
    from kubernetes_py import informers, kubernetes, rest
    from kubernetes_py.tools import cache

    profiles = _profile_every_thread() if profile else []
    config = rest.Config(host=url)
    config.qps = -1
    config.content_type = FORMATS[fmt]
    factory = informers.new_shared_informer_factory_with_options(
        kubernetes.new_for_config(config), 0, informers.with_namespace(namespace)
    )
    seen = [0]
    done = threading.Event()

    def count(*_):
        seen[0] += 1  # one handler thread calls it
        if seen[0] == events:
            done.set()

    factory.core().v1().pods().informer().add_event_handler(
        cache.ResourceEventHandlerFuncs(add_func=count, update_func=count)
    )
    stop = threading.Event()
    threads_before = _thread_cpu()
    cpu_before = time.process_time()
    start = time.perf_counter()
    factory.start(stop)
    if not done.wait(600):
        raise RuntimeError(f"only {seen[0]} of {events} events after 600 s")
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_before
    threads = {name: round(seconds - threads_before.get(name, 0.0), 3) for name, seconds in _thread_cpu().items()}
    stop.set()
    factory.shutdown()
    result = {"seconds": seconds, "events": seen[0], "cpu_seconds": cpu, "threads": threads}
    if profiles:
        text = io.StringIO()
        for name, profile in profiles:
            if threads.get(name, 0) < 0.05:
                continue
            stats = pstats.Stats(profile, stream=text)
            text.write(f"--- thread {name!r}: {threads[name]:.2f} s of CPU (waits on locks show as acquire)\n")
            stats.sort_stats(os.environ.get("WATCH_REPLAY_SORT", "tottime")).print_stats(
                int(os.environ.get("WATCH_REPLAY_TOP", "14"))
            )
        result["profile"] = text.getvalue()
    return result


def child_official(url: str, namespace: str, events: int) -> dict:
    import kubernetes as official

    configuration = official.client.Configuration()
    configuration.host = url
    api = official.client.CoreV1Api(official.client.ApiClient(configuration))
    w = official.watch.Watch()
    seen = 0
    cpu_before = time.process_time()
    start = time.perf_counter()
    for event in w.stream(api.list_namespaced_pod, namespace):
        if event["type"] in ("ADDED", "MODIFIED"):
            seen += 1
            if seen == events:
                w.stop()
                break
    return {"seconds": time.perf_counter() - start, "events": seen, "cpu_seconds": time.process_time() - cpu_before}


def _child(args) -> dict:
    kind, url, namespace, fmt, events = args.child
    if kind == "official":
        return child_official(url, namespace, int(events))
    return child_ours(url, namespace, fmt, int(events), args.profile)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pods", type=int, default=1000)
    parser.add_argument("--loops", type=int, default=20, help="times the MODIFIED events are replayed")
    parser.add_argument("--official-loops", type=int, default=2, help="the same, for the (slow) official client")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--namespace", default="")
    parser.add_argument("--go-watchreplay", default="", help="hack/oracle/cmd/watchreplay, built")
    parser.add_argument("--profile", action="store_true", help="also profile kubernetes_py's protobuf informer")
    parser.add_argument(
        "--recording",
        default="",
        help="a directory keeping the recording: recorded into when "
        "empty, replayed as it is when not (default: a new one)",
    )
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve), args.loops)
        return 0
    if args.child:
        print(json.dumps(_child(args)))
        return 0
    kubeconfig = os.environ.get("KUBECONFIG")
    if not kubeconfig:
        parser.error("set KUBECONFIG to the admin kubeconfig of the server to record from")

    namespace = args.namespace or f"bench-watch-{args.pods}"
    with tempfile.TemporaryDirectory(prefix="watch-replay-") as tmp:
        directory = Path(args.recording or tmp)
        directory.mkdir(parents=True, exist_ok=True)
        if (directory / "meta.json").exists():
            meta = json.loads((directory / "meta.json").read_text())
        else:
            meta = record(kubeconfig, namespace, args.pods, directory)
        added, modified = meta["added.protobuf"]["events"], meta["modified.protobuf"]["events"]
        print(
            f"recorded from {namespace}: {added} ADDED, 1 BOOKMARK, {modified} MODIFIED events; per event "
            f"protobuf {meta['modified.protobuf']['bytes'] / modified / 1024:.1f} KiB, "
            f"JSON {meta['modified.json']['bytes'] / modified / 1024:.1f} KiB",
            flush=True,
        )
        me = [sys.executable, __file__, "--child"]
        variants: dict[str, tuple[int, list[str]]] = {}  # name -> (loops, argv with URL where the URL goes)
        for fmt in FORMATS:
            n = str(added + modified * args.loops)
            variants[f"kubernetes_py {fmt}"] = (args.loops, [*me, "ours", URL, namespace, fmt, n])
            if args.go_watchreplay:
                variants[f"client-go {fmt}"] = (args.loops, [args.go_watchreplay, URL, namespace, fmt, n])
        try:
            import kubernetes  # noqa: F401

            variants["official (JSON, watch)"] = (
                args.official_loops,
                [*me, "official", URL, namespace, "json", str(added + modified * args.official_loops)],
            )
        except ImportError:
            print("the official kubernetes client is not installed: skipped")
        best: dict[str, dict] = {}
        for _ in range(args.rounds):
            for name, (loops, argv) in variants.items():
                result = _run(directory, loops, argv, added + modified * loops)
                result["rate"] = result["events"] / result["seconds"]
                if name not in best or result["rate"] > best[name]["rate"]:
                    best[name] = result
        report(best)
        if args.profile:
            profiled = _run(
                directory,
                args.loops,
                [*me, "ours", URL, namespace, "protobuf", str(added + modified * args.loops), "--profile"],
                added + modified * args.loops,
            )
            print(
                f"\nprofile of kubernetes_py protobuf (under cProfile, {profiled['events']} events in "
                f"{profiled['seconds']:.2f} s):\n{profiled['profile']}"
            )
    return 0


def _run(directory: Path, loops: int, argv: list[str], events: int) -> dict:
    """Starts a replay server, runs one client (``argv``, its URL in place of ``URL``) against it, and returns
    the client's JSON result."""
    server = ReplayProcess(directory, loops)
    try:
        argv = [server.url if a == URL else a for a in argv]
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=900)
    finally:
        server.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["events"] != events:
        raise RuntimeError(f"{argv} saw {result['events']} events, expected {events}")
    return result


def report(best: dict[str, dict]) -> None:
    go = best.get("client-go protobuf")
    print(f"\n{'variant':<26} {'events':>7} {'events/s':>9} {'CPU us/event':>13} {'vs client-go protobuf':>22}")
    for name, result in best.items():
        ratio = f"{result['rate'] / go['rate']:.2f}x" if go else "-"
        print(
            f"{name:<26} {result['events']:>7} {result['rate']:>9.0f} "
            f"{result['cpu_seconds'] / result['events'] * 1e6:>13.1f} {ratio:>22}"
        )
    ours = best.get("kubernetes_py protobuf")
    if ours:
        threads = sorted(ours.get("threads", {}).items(), key=lambda kv: -kv[1])[:6]
        print("kubernetes_py protobuf, CPU per thread: " + ", ".join(f"{n} {s:.2f} s" for n, s in threads))
        print(
            f"target: at least {TARGET:,} pod events/s through the informer over protobuf, the client alone: "
            f"{'met' if ours['rate'] >= TARGET else 'NOT met'} ({ours['rate']:,.0f})"
        )


if __name__ == "__main__":
    sys.exit(main())
