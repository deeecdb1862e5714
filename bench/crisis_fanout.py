"""Benchmark: the crisis fan-out, batched beside a naive one-task-per-message baseline.

Run from the repository root (needs PostgreSQL on 127.0.0.1:5432 and Redis on 6379):

    .venv/bin/python bench/crisis_fanout.py          # add --json for machine-readable numbers

In one run, on a fresh PostgreSQL database, Redis (database 11, flushed) and real Celery
worker processes, with a local aiosmtpd server in its own process as the mail sink:

1. 100,000 subscribed residents with email: from the start of `crisis.operations.activate`
   to the last message accepted by the SMTP sink (the activation writes the 100,000 outbox
   rows in its transaction, commits, and enqueues `crisis.dispatch`); the activation
   transaction is also timed on its own;
2. a 5,000-resident sample (one area), batched, and the same sample with a naive dispatch:
   one task per message (`crisis.dispatch` with batch_size=1: each task claims one row,
   opens its own SMTP connection and commits), compared per message;
3. 200 points × 2 workers (400 pair workers) notified by email from activation.

The SMTP sink counts raw messages, distinct envelope recipients and distinct Message-IDs:
a duplicate (raw messages beyond the recipients reached) or a missing recipient shows in every
run. It offers PIPELINING in its EHLO reply, as real mail servers do (aiosmtpd reads commands
in order, so it takes them pipelined). By default two worker processes of two pool processes
each send, and the sink runs as two aiosmtpd processes sharing its port (SO_REUSEPORT), as a
real mail server spreads its connections; `--workers`, `--concurrency` and `--sinks` change
that. The clock starts only once every worker answers a ping. CPU seconds per message are
measured for the sink, the workers and the PostgreSQL server processes, since all share two
cores with whatever else runs (the load average is recorded before the run and at each start).
"""

import argparse
import json
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REDIS_DB = 11
SITE = "http://apu.test"
MESSAGE_ID = re.compile(rb"^Message-ID: (\S+)", re.M)


def _sink_process(port: int, commands) -> None:
    """One SMTP sink process: counts accepted messages; answers on a pipe.

    Several of them share the port (SO_REUSEPORT): the kernel spreads the connections, as
    it does over a real mail server's processes.
    """
    from aiosmtpd.controller import Controller

    state = {"count": 0, "last": None, "ids": set(), "rcpts": set()}

    class Handler:
        async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
            # Commands are read in order, so pipelined ones are fine: say so, as real servers do.
            session.host_name = hostname
            return [*responses[:-1], "250-PIPELINING", responses[-1]]

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            state["count"] += len(envelope.rcpt_tos)
            state["rcpts"].update(envelope.rcpt_tos)
            state["last"] = time.monotonic()
            found = MESSAGE_ID.search(envelope.content)
            if found:
                state["ids"].add(found.group(1))
            return "250 OK"

    class SharedPortController(Controller):
        def _create_server(self):
            return self.loop.create_server(self._factory_invoker, host=self.hostname,
                                           port=self.port, reuse_port=True)

        def _trigger_server(self):
            # The test connection could land on a sibling process: skip it (a failing
            # server shows at once in the benchmark anyway).
            self._factory_invoked.set()
            self.smtpd = True  # aiosmtpd's defensive check; set for real on the first client

    controller = SharedPortController(Handler(), hostname="127.0.0.1", port=port,
                                      ready_timeout=60)
    controller.start()
    commands.send("ready")
    while True:
        command = commands.recv()
        if command == "stats":
            commands.send((state["count"], state["last"]))
        elif command == "ids":
            commands.send(state["ids"])
        elif command == "rcpts":
            commands.send(state["rcpts"])
        elif command == "reset":
            state.update(count=0, last=None, ids=set(), rcpts=set())
            commands.send("ok")
        else:
            break
    controller.stop()


class Sink:
    """The aiosmtpd sink: `processes` processes of its own on one port."""

    def __init__(self, port: int, processes: int = 1):
        context = multiprocessing.get_context("spawn")
        self.pipes, self.processes = [], []
        for _ in range(processes):
            pipe, child = context.Pipe()
            process = context.Process(target=_sink_process, args=(port, child), daemon=True)
            process.start()
            child.close()  # a sink that dies then shows as EOFError, not as a hang
            if not pipe.poll(60) or pipe.recv() != "ready":
                raise RuntimeError("the SMTP sink did not start")
            self.pipes.append(pipe)
            self.processes.append(process)

    def _ask(self, command: str) -> list:
        for pipe in self.pipes:
            pipe.send(command)
        return [pipe.recv() for pipe in self.pipes]

    def stats(self) -> tuple[int, float | None]:
        """Messages accepted by all processes, and the moment of the last one."""
        answers = self._ask("stats")
        lasts = [last for _count, last in answers if last is not None]
        return sum(count for count, _last in answers), max(lasts) if lasts else None

    def distinct_ids(self) -> int:
        """Different Message-IDs among everything accepted."""
        return len(set().union(*self._ask("ids")))

    def distinct_recipients(self) -> int:
        """Different envelope recipients among everything accepted."""
        return len(set().union(*self._ask("rcpts")))

    def reset(self) -> None:
        self._ask("reset")

    def stop(self) -> None:
        for pipe in self.pipes:
            try:
                pipe.send("stop")
            except OSError:
                pass
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc), 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            children = []
        todo.extend(int(child) for child in children)
    return found


class CpuMeter:
    """CPU seconds used by the sink, the workers and the database's server processes."""

    def __init__(self, sink: "Sink", workers: list, database: str, admin_url: str):
        self.sink, self.workers, self.database, self.admin_url = sink, workers, database, admin_url

    def sample(self) -> dict[str, float]:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            backends = [row[0] for row in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.database,))]
        return {
            "sink": sum(_cpu_of(p.pid) for p in self.sink.processes),
            "workers": sum(_cpu_of(pid) for w in self.workers for pid in _descendants(w.pid)),
            "postgres": sum(_cpu_of(pid) for pid in backends),
            "bench": _cpu_of(os.getpid()),
        }


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_workers(env: dict, count: int, concurrency: int, log: Path) -> list:
    pool = ["--pool=solo"] if concurrency == 1 else ["--pool=prefork",
                                                     f"--concurrency={concurrency}"]
    out = log.open("ab")
    return [subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "tasks.worker", "worker", *pool,
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-n", f"bench{n}@%h"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        for n in range(count)]


def wait_for_workers(celery_app, count: int, timeout: float = 120) -> None:
    """Until every worker answers a ping (the clock must not time their start-up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(celery_app.control.ping(timeout=1.0) or []) >= count:
            return
    raise RuntimeError("the Celery workers did not answer")


def stop_workers(workers: list) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def seed(recipients: int, sample: int, points: int):
    """Subscriptions, a sample area, the three scenarios and the pairs of 200 points."""
    from sqlalchemy import insert

    from crisis.models import (
        Audience,
        PlanRow,
        Scenario,
        ScenarioKind,
        ScenarioPoint,
        Subscription,
    )
    from network import accounts
    from network.clock import utcnow
    from network.models import Area, PairWorker, PointKind, Role, ServicePoint, WorkerPair
    from web.extensions import db

    admin = accounts.create_user(email="bench@example.org", name="Bench", role=Role.STEERING_ADMIN,
                                 password="correct horse battery")
    area = Area(name="Sample")
    db.session.add(area)
    db.session.flush()
    now = utcnow()
    rows = [{"channel": "email", "address": f"r{n:06d}@example.org",
             "language": ("fi", "sv", "en")[n % 3], "consent_text": "I agree.",
             "consent_at": now, "confirmed_at": now, "confirm_attempts": 0,
             "area_id": area.id if n < sample else None,
             "token": f"{uuid.uuid4().hex}{n:06d}"} for n in range(recipients)]
    for start in range(0, len(rows), 10_000):
        db.session.execute(insert(Subscription), rows[start:start + 10_000])

    def plan_row(**values) -> PlanRow:
        return PlanRow(**({
            "audience": Audience.RESIDENTS, "channel": "email",
            "subject_fi": "Poikkeustila: {scenario}", "subject_sv": "Undantagsläge: {scenario}",
            "subject_en": "Exceptional mode: {scenario}",
            "body_fi": "{reason}\nLähimmät avoimet pisteet: {nearest_points}\n{site_link}\n"
                       "Peru tilaus: {unsubscribe_link}",
            "body_sv": "{reason}\nNärmaste öppna punkter: {nearest_points}\n{site_link}\n"
                       "Avsluta: {unsubscribe_link}",
            "body_en": "{reason}\nNearest open points: {nearest_points}\n{site_link}\n"
                       "Unsubscribe: {unsubscribe_link}"} | values))

    everyone = Scenario(name="Bench: everyone", kind=ScenarioKind.POWER_CUT,
                        plan=[plan_row()])
    sampled = Scenario(name="Bench: sample", kind=ScenarioKind.POWER_CUT,
                       plan=[plan_row(area_id=area.id)])
    pairs = Scenario(name="Bench: pairs", kind=ScenarioKind.POWER_CUT, plan=[plan_row(
        audience=Audience.WORKER_PAIRS, body_fi="{reason} Avaa pisteesi.",
        body_sv="{reason} Öppna din punkt.", body_en="{reason} Open your point.")])
    db.session.add_all([everyone, sampled, pairs])
    db.session.flush()
    for n in range(points):
        point = ServicePoint(name=f"Piste {n:03d}", external_id=f"bench-{n}",
                             kind=PointKind.LIVING_ROOM, latitude=65.0 + n / 1000,
                             longitude=25.4, languages=["fi"], target_groups=["everyone"])
        db.session.add(point)
        db.session.flush()
        pair = WorkerPair(point_id=point.id, starts_on=date(2020, 1, 1))
        pair.workers = [PairWorker(position=p, name=f"Työntekijä {n}-{p}",
                                   email=f"pair{n:03d}-{p}@example.org") for p in (1, 2)]
        db.session.add(pair)
        db.session.add(ScenarioPoint(scenario_id=pairs.id, point_id=point.id))
    db.session.commit()
    return admin, {"everyone": everyone.id, "sample": sampled.id, "pairs": pairs.id}


def fan_out(sink: Sink, admin, scenario_id: int, expected: int, *, batch_size=None,
            timeout: float = 600, meter: CpuMeter | None = None) -> dict:
    """Activate, dispatch, wait for the last message at the sink; then deactivate."""
    from sqlalchemy import delete, func, select

    from crisis import operations
    from crisis.models import OutboxMessage, OutboxStatus, Scenario
    from network.clock import utcnow
    from tasks.crisis import dispatch_outbox
    from web.extensions import db

    sink.reset()
    scenario = db.session.get(Scenario, scenario_id)
    before = meter.sample() if meter else {}
    load = os.getloadavg()[0]
    start = time.monotonic()
    activation = operations.activate(scenario, actor=admin, reason="Myrsky katkaisi sähköt.",
                                     exercise=False, now=utcnow(), site_url=SITE)
    db.session.commit()
    committed = time.monotonic()
    dispatch_outbox.apply_async((activation.id,), {"batch_size": batch_size} if batch_size
                                else {})
    deadline = start + timeout
    while time.monotonic() < deadline:
        count, last = sink.stats()
        if count >= expected:
            break
        time.sleep(0.05)
    count, last = sink.stats()
    time.sleep(0.5)  # anything arriving late would be a duplicate
    count, _last_late = sink.stats()
    after = meter.sample() if meter else {}
    distinct = sink.distinct_ids()
    reached = sink.distinct_recipients()
    db.session.rollback()
    sent = db.session.scalar(select(func.count()).where(
        OutboxMessage.activation_id == activation.id,
        OutboxMessage.status == OutboxStatus.SENT))
    operations.deactivate(activation, actor=admin, reason="bench", now=utcnow())
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.activation_id == activation.id))
    db.session.commit()
    total = (last - start) if last else float("nan")
    # CPU per message in each kind of process (all of them share the machine's cores).
    cpu = {f"cpu_ms_{k}": 1000 * (after[k] - before[k]) / max(count, 1) for k in after}
    if after:
        cpu["cpu_s_all"] = sum(after[k] - before[k] for k in after)
    return {"messages": count, "distinct_message_ids": distinct, "recipients_reached": reached,
            "duplicates": count - reached, "missing": expected - reached, "rows_sent": sent,
            "expected": expected, "activation_s": committed - start, "total_s": total,
            "per_message_ms": 1000 * total / max(count, 1), "load_1min": load, **cpu}


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=5_000)
    parser.add_argument("--points", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--concurrency", type=int, default=2, help="pool size per worker")
    parser.add_argument("--sinks", type=int, default=2, help="SMTP sink processes (one port)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import psycopg
    import redis
    from flask_migrate import upgrade

    from tests.services import POSTGRES_ADMIN_URL, REDIS_URL
    from web import create_app
    from web.extensions import db

    port = free_port()
    sink = Sink(port, args.sinks)
    name = f"apuverkko_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    pg_url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    redis_url = urlsplit(REDIS_URL)._replace(path=f"/{REDIS_DB}").geturl()
    broker = redis.Redis.from_url(redis_url)
    broker.flushdb()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(APUVERKKO_ENV="testing", DATABASE_URL=pg_url, REDIS_URL=redis_url,
               SITE_URL=SITE, MAIL_FROM="Apuverkko <alerts@apu.test>", SMTP_HOST="127.0.0.1",
               SMTP_PORT=str(port))
    log = Path(os.environ.get("BENCH_LOG", "/tmp/apuverkko-bench-workers.log"))
    workers = []
    results: dict = {"settings": vars(args), "load_before": os.getloadavg()}
    try:
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": pg_url,
                          "REDIS_URL": redis_url, "SITE_URL": SITE})
        with app.app_context():
            upgrade()
            started = time.monotonic()
            admin, scenarios = seed(args.recipients, args.sample, args.points)
            results["seed_s"] = time.monotonic() - started
            workers = start_workers(env, args.workers, args.concurrency, log)
            wait_for_workers(app.extensions["celery"], args.workers)
            meter = CpuMeter(sink, workers, name, POSTGRES_ADMIN_URL)
            runs: dict[str, list[dict]] = {"batched_100k": [], "batched_sample": [],
                                           "naive_sample": [], "pairs": []}
            for _ in range(args.repeat):
                runs["pairs"].append(fan_out(sink, admin, scenarios["pairs"], 2 * args.points))
                runs["batched_sample"].append(fan_out(sink, admin, scenarios["sample"],
                                                      args.sample))
                runs["naive_sample"].append(fan_out(sink, admin, scenarios["sample"],
                                                    args.sample, batch_size=1))
                runs["batched_100k"].append(fan_out(sink, admin, scenarios["everyone"],
                                                    args.recipients, meter=meter))
                print(json.dumps({k: v[-1] for k, v in runs.items()}), file=sys.stderr,
                      flush=True)
            results["runs"] = runs
            summary = {key: {field: median([r[field] for r in values])
                             for field in ("total_s", "activation_s", "per_message_ms")}
                       for key, values in runs.items()}
            summary["ratio_naive_over_batched_sample"] = (
                summary["naive_sample"]["per_message_ms"]
                / summary["batched_sample"]["per_message_ms"])
            summary["ratio_naive_over_batched_100k"] = (
                summary["naive_sample"]["per_message_ms"]
                / summary["batched_100k"]["per_message_ms"])
            summary["duplicates"] = sum(r["duplicates"] for values in runs.values()
                                        for r in values)
            summary["missing"] = sum(r["missing"] for values in runs.values() for r in values)
            results["median"] = summary
            db.engine.dispose()
    finally:
        for cleanup in (lambda: stop_workers(workers), sink.stop, broker.flushdb):
            try:
                cleanup()
            except Exception as error:  # noqa: BLE001 - clean up the rest regardless
                print(f"cleanup: {error!r}", file=sys.stderr)
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if args.json:
        print(json.dumps(results, indent=2))
        return
    m = results["median"]
    print(f"seed: {results['seed_s']:.1f} s; medians of {args.repeat} runs, "
          f"{args.workers} worker process(es) × {args.concurrency}, {args.sinks} sink process(es)")
    for key in ("batched_100k", "batched_sample", "naive_sample", "pairs"):
        print(f"{key:>15}: activation {m[key]['activation_s']:.2f} s, "
              f"to last message {m[key]['total_s']:.2f} s, "
              f"{m[key]['per_message_ms']:.3f} ms/message")
    print(f"naive / batched per message: sample {m['ratio_naive_over_batched_sample']:.1f}×, "
          f"vs 100k {m['ratio_naive_over_batched_100k']:.1f}×")
    print(f"duplicates: {m['duplicates']}, missing: {m['missing']}")
    cpu = {k: v for k, v in results["runs"]["batched_100k"][-1].items() if k.startswith("cpu")}
    print("CPU per message, last 100k run (ms): " + ", ".join(
        f"{k[7:]} {v:.3f}" for k, v in cpu.items()))


if __name__ == "__main__":
    main()
