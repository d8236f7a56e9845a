"""Schedule browsing pushed over HTTP to one webhook replica, then to two, on PostgreSQL and Redis.

Starts two real bot processes (`python -m bot`, BOT_MODE=webhook) on 127.0.0.1 against an emulated Bot API, fills
the database (10,000 events, 50,000 people), then pushes a bounded number of updates, as Telegram does (each POST
returns once the update is handled): open the schedule, next page, open an event card, back. First all to one
replica, then alternately to both. Prints updates/s and latency for each, and the ratio. Stops by itself.

It does this twice. First the replicas share the machine's cores with everything else: the emulated Telegram, the
load, PostgreSQL, Redis and the kernel's networking all run on the same two cores, so a second replica mostly
takes CPU from them. Then each replica is held to a fixed CPU budget (`--replica-cpu`, half a core by default;
a Linux cgroup, which needs root), as replicas on machines or containers of their own would be: the ratio then shows
what a second replica adds, and any cost of sharing the database and Redis shows as a ratio below 2.

    psql -h 127.0.0.1 -U postgres -c 'create database vmeste_bench'
    .venv/bin/python bench/webhook_load.py \\
        --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/vmeste_bench \\
        --redis-url redis://127.0.0.1:6379/15 [--updates 2000] [--concurrency 16] [--rounds 4]

The database is emptied first (its name must contain "bench" or "test"), and so is the Redis database.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp import ClientSession, ClientTimeout
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench.updates import EVENTS, ORGS, USERS, build
from db.engine import create_engine
from db.migrate import upgrade
from tests.fake_telegram import BotProcess, FakeTelegram, buttons

SECRET = "bench-webhook-secret"
PATH = "/telegram/webhook"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def reset(database_url: str, redis_url: str) -> None:
    engine = create_engine(database_url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
    redis = Redis.from_url(redis_url)
    await redis.flushdb()
    await redis.aclose()


class Load:
    def __init__(self, fake: FakeTelegram, urls: list[str]) -> None:
        self.fake, self.urls = fake, urls
        self.latencies: list[float] = []
        self.failures = 0
        self.seconds = 0.0  # spent in `run`, summed like the latencies
        self.turn = 0
        self.client: ClientSession | None = None

    async def post(self, update: dict) -> None:
        assert self.client is not None
        url = self.urls[self.turn % len(self.urls)]
        self.turn += 1
        update = {"update_id": next(self.fake._update_ids), **update}
        started = time.perf_counter()
        async with self.client.post(
            url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        ) as response:
            await response.read()
            ok = response.status == 200
        self.latencies.append(time.perf_counter() - started)
        self.failures += not ok

    async def press(self, uid: int, label: str | int) -> None:
        screen = self.fake.screen(uid)
        found = [(t, d) for t, d in buttons(screen) if d and not d.startswith("http")]
        data = found[label][1] if isinstance(label, int) else next(d for t, d in found if label in t)
        await self.post(self.fake.callback_update(uid, data, screen))

    async def browse(self, uid: int) -> None:
        await self.post(self.fake.message_update(uid, "/schedule"))
        await self.press(uid, "Дальше")
        await self.press(uid, 0)  # the first event on the page
        await self.press(uid, "К расписанию")

    async def run(self, updates: int, concurrency: int, seed: int) -> float:
        """Push about `updates` more updates (whole visits); returns the seconds it took and adds them up."""
        rng = random.Random(seed)
        target = len(self.latencies) + updates
        async with ClientSession(timeout=ClientTimeout(total=60)) as self.client:

            async def worker() -> None:
                while len(self.latencies) < target:
                    await self.browse(10_000 + rng.randrange(USERS))

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            elapsed = time.perf_counter() - started
            self.seconds += elapsed
            return elapsed


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CGROUP_V1_CPU = Path("/sys/fs/cgroup/cpu")
CGROUP_V2 = Path("/sys/fs/cgroup")
CPU_PERIOD_US = 100_000  # as a container's CPU limit: a quota per 100 ms


class CpuBudget:
    """A cgroup that holds its processes to a share of one core (cgroup v1 `cpu` or v2 `cpu.max`)."""

    def __init__(self, name: str, cpus: float) -> None:
        quota = int(cpus * CPU_PERIOD_US)
        if (CGROUP_V1_CPU / "cpu.cfs_quota_us").exists():
            self.path = CGROUP_V1_CPU / name
            self.path.mkdir(exist_ok=True)
            (self.path / "cpu.cfs_period_us").write_text(str(CPU_PERIOD_US))
            (self.path / "cpu.cfs_quota_us").write_text(str(quota))
        elif "cpu" in (CGROUP_V2 / "cgroup.subtree_control").read_text().split():
            self.path = CGROUP_V2 / name
            self.path.mkdir(exist_ok=True)
            (self.path / "cpu.max").write_text(f"{quota} {CPU_PERIOD_US}")
        else:
            raise OSError("no cgroup cpu controller to write to")

    @staticmethod
    def available() -> str | None:
        """None when budgets can be set here, else why not."""
        try:
            probe = CpuBudget(f"vmeste-bench-probe-{os.getpid()}", 1.0)
            probe.remove()
        except OSError as error:
            return f"{error.strerror or error} (a writable cgroup cpu controller is needed: run as root on Linux)"
        return None

    def add(self, pid: int) -> None:
        (self.path / "cgroup.procs").write_text(str(pid))

    def remove(self) -> None:
        """Give the processes back to the parent group and drop this one."""
        parent = self.path.parent / "cgroup.procs"
        for pid in (self.path / "cgroup.procs").read_text().split():
            with contextlib.suppress(OSError):
                parent.write_text(pid)
        with contextlib.suppress(OSError):
            self.path.rmdir()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def pids_named(*names: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in names:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


class CpuMeter:
    """Where the CPU went during the runs it is told about: the replicas, this process (the load and the emulated
    Telegram), and the database and Redis servers on the same machine."""

    def __init__(self, replicas: list[BotProcess]) -> None:
        self.groups = {
            "replicas": [r.process.pid for r in replicas if r.process],
            "load + emulated Telegram": [os.getpid()],
            "PostgreSQL + Redis": pids_named("postgres", "redis-server"),
        }
        self.spent = dict.fromkeys(self.groups, 0.0)
        self._start: dict[str, float] = {}

    def read(self) -> dict[str, float]:
        return {name: sum(cpu_seconds(pid) for pid in pids) for name, pids in self.groups.items()}

    def __enter__(self) -> CpuMeter:
        self._start = self.read()
        return self

    def __exit__(self, *exc: object) -> None:
        for name, seconds in self.read().items():
            self.spent[name] += seconds - self._start[name]

    def report(self, updates: int) -> dict[str, float]:
        per_update = {name: seconds / updates * 1000 for name, seconds in self.spent.items()}
        print("  CPU per update: " + ", ".join(f"{name} {ms:.1f} ms" for name, ms in per_update.items()))
        return per_update


async def compare(
    one: Load, two: Load, replicas: list[BotProcess], args: argparse.Namespace, seed: int
) -> tuple[float, dict[str, float]]:
    """One replica and both, in alternating rounds, so that a slow stretch of a shared machine falls on both alike.
    Prints each and its CPU per update; returns the ratio and one replica's CPU per update."""
    runs = [(one, CpuMeter(replicas)), (two, CpuMeter(replicas))]
    for load, _ in runs:
        load.latencies.clear()
        load.failures, load.seconds = 0, 0.0
    for round_ in range(args.rounds):
        for load, meter in runs:
            with meter:
                await load.run(args.updates // args.rounds, args.concurrency, seed=seed + 2 * round_)
    rate_one = report("one replica", one)
    cpu = runs[0][1].report(len(one.latencies))
    rate_two = report("two replicas", two)
    runs[1][1].report(len(two.latencies))
    return rate_two / rate_one, cpu


def report(name: str, load: Load) -> float:
    seconds = load.seconds
    ordered = sorted(load.latencies)
    rate = len(ordered) / seconds
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000
    print(
        f"{name:<14} {len(ordered):>6} updates in {seconds:6.1f} s  {rate:7.0f} updates/s  "
        f"p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  failed {load.failures}"
    )
    return rate


async def wait_healthy(url: str, process: BotProcess, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    async with ClientSession(timeout=ClientTimeout(total=2)) as client:
        while time.monotonic() < deadline:
            if process.process and process.process.returncode is not None:
                raise SystemExit(f"a replica exited:\n{process.log()[-2000:]}")
            try:
                async with client.get(url + "/healthz") as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            await asyncio.sleep(0.2)
    raise SystemExit(f"a replica did not become healthy:\n{process.log()[-2000:]}")


async def run(args: argparse.Namespace, logs: Path) -> None:
    await reset(args.database_url, args.redis_url)
    await asyncio.to_thread(upgrade, args.database_url)
    started = time.perf_counter()
    await build(args.database_url)
    print(
        f"database: {EVENTS} events, {USERS} users, {ORGS} organizations in {time.perf_counter() - started:.1f} s"
    )

    fake = FakeTelegram()
    await fake.start()
    ports = [free_port(), free_port()]
    env = {
        "BOT_MODE": "webhook",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "TELEGRAM_API_BASE": fake.base_url,
        "WEBHOOK_HOST": "127.0.0.1",
        "WEBHOOK_PATH": PATH,
        "WEBHOOK_SECRET": SECRET,
        "LOG_LEVEL": "INFO",
    }
    replicas = [
        BotProcess({**env, "WEBHOOK_PORT": str(p)}, logs / f"replica{i}.log") for i, p in enumerate(ports)
    ]
    urls = [f"http://127.0.0.1:{p}" for p in ports]
    try:
        for replica in replicas:
            await replica.start()
        for url, replica in zip(urls, replicas, strict=True):
            await wait_healthy(url, replica)
        one = Load(fake, [urls[0] + PATH])
        await one.run(200, args.concurrency, seed=1)  # warm-up: imports, pools, caches
        two = Load(fake, [u + PATH for u in urls])
        await two.run(200, args.concurrency, seed=2)
        print(
            f"{args.updates} updates per run, {args.concurrency} concurrent people, {len(urls)} replicas started"
        )
        cores = os.cpu_count() or 1
        print(f"\n1. The replicas share this machine's {cores} cores with everything else")
        ratio, cpu = await compare(one, two, replicas, args, seed=3)
        # A replica is one Python process: one core at most. Two replicas and everything else share the machine's
        # cores, so with R ms of replica CPU and O ms of everything else per update, two replicas reach at most
        # cores / (R + O) updates per second, against 1 / R for one replica that has a core to itself.
        mine = cpu["replicas"]
        rest = sum(cpu.values()) - mine
        print(
            f"  ratio {ratio:.2f}; ceiling on this {cores}-core machine: {cores * mine / (mine + rest):.2f} "
            f"(= {cores} × {mine:.1f} / ({mine:.1f} + {rest:.1f}), with one replica's CPU per update; CPU "
            "charged to no process here, such as the kernel's, is not in it)"
        )
        if args.replica_cpu > 0:
            print(f"\n2. Each replica held to {args.replica_cpu:g} of a core, as on a machine of its own")
            why_not = CpuBudget.available()
            if why_not is not None:
                print(f"  skipped: {why_not}")
            else:
                budgets = [
                    CpuBudget(f"vmeste-bench-{os.getpid()}-{i}", args.replica_cpu)
                    for i in range(len(replicas))
                ]
                try:
                    for budget, replica in zip(budgets, replicas, strict=True):
                        assert replica.process is not None
                        budget.add(replica.process.pid)
                    ratio, _ = await compare(one, two, replicas, args, seed=5)
                finally:
                    for budget in budgets:
                        budget.remove()
                print(f"  ratio (two / one updates/s): {ratio:.2f}   target >= 1.6")
    finally:
        for replica in replicas:
            await replica.stop()
        await fake.stop()
    for i, replica in enumerate(replicas):
        inside(f"replica {i + 1}", replica)


def inside(name: str, replica: BotProcess) -> None:
    """Time spent inside the replica's dispatcher per update (from its JSON log), over all runs."""
    durations = sorted(
        line["duration_ms"]
        for line in (json.loads(raw) for raw in replica.log().splitlines() if raw.startswith("{"))
        if line.get("event") == "update"
    )
    if durations:
        p99 = durations[max(0, int(len(durations) * 0.99) - 1)]
        print(
            f"{name}: {len(durations)} updates, inside the dispatcher p50 "
            f"{statistics.median(durations):.1f} ms, p99 {p99:.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL; emptied first")
    parser.add_argument("--redis-url", required=True, help="a Redis database; flushed first")
    parser.add_argument("--updates", type=int, default=2000, help="updates per run (default 2000)")
    parser.add_argument("--concurrency", type=int, default=16, help="people browsing at once (default 16)")
    parser.add_argument(
        "--rounds", type=int, default=4, help="alternating rounds the updates are split into (default 4)"
    )
    parser.add_argument(
        "--replica-cpu",
        type=float,
        default=0.5,
        help="the share of a core each replica gets in the second comparison (default 0.5; 0 skips it)",
    )
    args = parser.parse_args()
    name = make_url(args.database_url).database or ""
    if make_url(args.database_url).get_backend_name() != "postgresql" or not (
        "bench" in name or "test" in name
    ):
        raise SystemExit("--database-url must be a PostgreSQL database whose name contains 'bench' or 'test'")
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(args, Path(tmp)))


if __name__ == "__main__":
    main()
