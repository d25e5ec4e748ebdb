"""Scale benchmarks: the ORM path the product uses vs hand-written SQL, as ratios.

    python3 dev/runner.py bench [--customers 10000] [--seed 42] [--runs 5]
                                  [--db NAME] [--reuse] [--keep] [--out FILE]
                                  [--only NAME,...] [--smoke] [--max-ratio 10]
    python3 dev/runner.py bench generate --customers 100000 [--db NAME]

Generates a fresh dealer group (``generate.py``) in ``cx_bench_<customers>`` unless
``--reuse`` finds one, then runs every benchmark: both sides are run once and their
results compared (a disagreement is a failure, nothing is timed), then each side is
timed as the best of ``--runs`` runs (the checked one included) with a cold ORM
cache, counting queries. The table
(operation, n, ORM time, SQL time, ratio, queries) is printed and written to
``bench-results/latest.md`` (or ``--out``). The database is dropped at the end unless
``--keep`` or ``--reuse``. ``--smoke`` (the test runner's step) exits 1 when a
benchmark disagrees, errors, or a ratio with a goal exceeds ``--max-ratio``; the goals
themselves are only reported, never asserted, so noise cannot fail CI.
"""

import argparse
import contextlib
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
import scenarios
from common import drop_database, registry, say

REPO = Path(__file__).resolve().parents[2]


class Outcome:
    """One line of the results table."""

    def __init__(self, op, n, goal=None):
        self.op, self.n, self.goal = op, n, goal
        self.orm = self.sql = None
        self.orm_q = self.sql_q = None
        self.note = ""
        self.agree = None  # None: not applicable
        self.count = None

    @property
    def ratio(self):
        if self.orm is None or not self.sql:
            return None
        return self.orm / self.sql

    def status(self):
        if self.agree is False:
            return self.note if self.note.startswith("ERROR") else "DISAGREE"
        if self.agree is None:
            return self.note or "n/a"
        if self.goal and self.ratio is not None:
            return ("ok" if self.ratio <= self.goal else "MISSED") + (
                f"; {self.note}" if self.note else ""
            )
        return self.note or "ok"


@contextlib.contextmanager
def no_commit(cr):
    """Run a block whose code commits (``_commit_progress``) inside a savepoint."""
    with mock.patch.object(type(cr), "commit", lambda self: None):
        yield


@contextlib.contextmanager
def offline():
    """No outbound SMS during the benchmarks: the IAP gateway answers 'success'."""
    try:
        from odoo.addons.sms.tools.sms_api import SmsApi
    except ImportError:
        yield
        return

    def send_batch(self, messages, delivery_reports_url=False):
        return [
            {"uuid": number["uuid"], "state": "success", "credit": 1}
            for message in messages
            for number in message["numbers"]
        ]

    with mock.patch.object(SmsApi, "_send_sms_batch", send_batch):
        yield


class Harness:
    def __init__(self, env, runs=5, dispatch=10000, heavy_runs=3):
        self.env = env
        self.heavy_runs = min(runs, heavy_runs)
        self.dispatch = dispatch
        self.cr = env.cr
        self.runs = runs
        self.outcomes = []

    def _reset(self):
        self.env.invalidate_all(flush=False)
        self.env.transaction.clear()

    def _once(self, fn, writes, setup=None, check=None):
        """Run ``fn`` once with a cold ORM cache; (seconds, queries, result).

        With ``writes``, everything runs in a savepoint rolled back afterwards (commits
        are disabled): ``setup()`` prepares the state (not timed), ``check()`` reads the
        outcome before the rollback (not timed) and is the result.
        """
        from odoo import sql_db

        if writes:
            self.cr.execute("SAVEPOINT cx_bench_run")
        self._reset()
        try:
            with no_commit(self.cr) if writes else contextlib.nullcontext():
                if setup:
                    setup()
                    self.env.flush_all()
                    self._reset()
                q0 = sql_db.sql_counter
                t0 = time.perf_counter()
                result = fn()
                if writes:
                    self.env.flush_all()
                seconds = time.perf_counter() - t0
                queries = sql_db.sql_counter - q0
                if check:
                    self._reset()
                    result = check()
        finally:
            if writes:
                self.cr.execute("ROLLBACK TO SAVEPOINT cx_bench_run")
                self._reset()
        return seconds, queries, result

    def _best(self, fn, writes, setup=None, runs=None, best=None, queries=None):
        """Best time of ``runs`` more runs (or ``best``), the queries of the last."""
        runs = self.runs if runs is None else runs
        for _i in range(runs):
            seconds, queries, _result = self._once(fn, writes, setup)
            best = seconds if best is None else min(best, seconds)
        return best, queries

    def compare(
        self,
        op,
        n,
        orm,
        sql,
        goal=None,
        writes=False,
        normalize=None,
        setup=None,
        check=None,
        runs=None,
    ):
        """Check ``orm()`` (or its ``check()``) and ``sql()`` agree, then time both."""
        out = Outcome(op, n, goal)
        self.outcomes.append(out)
        normalize = normalize or (lambda value: value)
        say(f"{op} (n={n:,}) ...")
        orm_first, orm_q, orm_result = self._once(orm, writes, setup, check)
        sql_first, sql_q, sql_result = self._once(sql, False)
        orm_result, sql_result = normalize(orm_result), normalize(sql_result)
        if orm_result != sql_result:
            out.agree = False
            out.note = describe_difference(orm_result, sql_result)
            say(f"  DISAGREE: {out.note}")
            return out
        out.agree = True
        out.count = len(orm_result) if hasattr(orm_result, "__len__") else None
        # The checked run is the first of the ``runs`` timed ones.
        runs = (runs or self.runs) - 1
        out.orm, out.orm_q = self._best(orm, writes, setup, runs, orm_first, orm_q)
        out.sql, out.sql_q = self._best(sql, False, None, runs, sql_first, sql_q)
        say(
            f"  ORM {out.orm * 1000:.1f} ms ({out.orm_q} queries), SQL "
            f"{out.sql * 1000:.1f} ms ({out.sql_q}): ratio {out.ratio:.2f}x"
        )
        return out

    def measure(self, op, n, fn, writes=False, note=None, setup=None, runs=None):
        """Time an ORM path with no SQL twin (queries are the point).

        ``note(queries)`` returns the text of the result column.
        """
        out = Outcome(op, n)
        self.outcomes.append(out)
        say(f"{op} (n={n:,}) ...")
        out.orm, out.orm_q = self._best(fn, writes, setup, runs)
        out.agree = True
        out.note = note(out.orm_q) if note else ""
        say(f"  ORM {out.orm * 1000:.1f} ms ({out.orm_q} queries) {out.note}")
        return out

    def missing(self, op, why="n/a (feature not installed)"):
        out = Outcome(op, 0)
        out.note = why
        self.outcomes.append(out)
        say(f"{op}: {why}")
        return out


def describe_difference(left, right):
    if isinstance(left, dict) and isinstance(right, dict):
        only_orm = set(left) - set(right)
        only_sql = set(right) - set(left)
        differ = [k for k in set(left) & set(right) if left[k] != right[k]]
        parts = [f"{len(left)} vs {len(right)} keys"]
        if only_orm:
            parts.append(f"only ORM: {sorted(only_orm, key=str)[:3]}")
        if only_sql:
            parts.append(f"only SQL: {sorted(only_sql, key=str)[:3]}")
        if differ:
            key = sorted(differ, key=str)[0]
            parts.append(
                f"{len(differ)} differ, e.g. {key}: {left[key]} vs {right[key]}"
            )
        return "; ".join(parts)
    return f"{str(left)[:200]} vs {str(right)[:200]}"


def fmt_s(value):
    return "—" if value is None else f"{value * 1000:,.1f} ms"


def table(outcomes):
    lines = [
        "| operation | n | ORM time | SQL time | ratio | queries (ORM / SQL) | goal "
        "| result |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for o in outcomes:
        ratio = "—" if o.ratio is None else f"{o.ratio:.2f}x"
        queries = (
            "—"
            if o.orm_q is None
            else f"{o.orm_q:,} / " + ("—" if o.sql_q is None else f"{o.sql_q:,}")
        )
        goal = f"<= {o.goal}x" if o.goal else ""
        lines.append(
            f"| {o.op} | {o.n:,} | {fmt_s(o.orm)} | {fmt_s(o.sql)} | {ratio} | "
            f"{queries} | {goal} | {o.status()} |"
        )
    return "\n".join(lines)


def machine():
    cpus = os.cpu_count()
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = 0
    try:
        pg = subprocess.run(
            ["psql", "-d", "postgres", "-tAc", "SHOW server_version"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        pg = "?"
    return (
        f"{cpus} cores, {mem:.0f} GiB RAM, PostgreSQL {pg}, {platform.python_version()}"
    )


def db_exists(db):
    res = subprocess.run(
        ["psql", "-d", db, "-tAc", "SELECT count(*) FROM res_partner"],
        capture_output=True,
        text=True,
        check=False,
    )
    return res.returncode == 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["generate"]:
        return generate.main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db")
    parser.add_argument("--reuse", action="store_true", help="reuse --db if filled")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--out", default=str(REPO / "bench-results" / "latest.md"))
    parser.add_argument("--only", default="", help="comma-separated benchmark keys")
    parser.add_argument(
        "--heavy-runs", type=int, default=3, help="runs of the cron benchmarks"
    )
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument(
        "--dispatch", type=int, default=10000, help="due invitations to send"
    )
    parser.add_argument("--max-ratio", type=float, default=10.0)
    args = parser.parse_args(argv)
    db = args.db or f"cx_bench_{args.customers}"
    t0 = time.perf_counter()
    gen_info = ""
    if args.reuse and db_exists(db):
        say(f"Reusing database {db}")
    else:
        counts = generate.generate(db, args.customers, args.seed)
        for line in counts.get("recomputed", []):
            say(f"  recomputed through the ORM: {line}")
        for warning in counts.get("warnings", []):
            say(f"  GENERATOR WARNING {warning}")
        for problem in counts["problems"]:
            say(f"  GENERATOR PROBLEM {problem}")
        if counts["problems"]:
            if not args.keep:
                drop_database(db)
            return 1
        gen_info = f"generated in {counts['seconds']} s: " + ", ".join(
            f"{v:,} {k}" for k, v in counts.items() if isinstance(v, int)
        )
        say(gen_info)

    from odoo import api
    from odoo.api import SUPERUSER_ID

    reg = registry(db)
    only = {key.strip() for key in args.only.split(",") if key.strip()}
    customers = args.customers
    with reg.cursor() as cr, offline():
        env = api.Environment(cr, SUPERUSER_ID, {})
        if not gen_info:  # a reused database: its own size, not --customers
            cr.execute(
                "SELECT count(*) FROM res_partner WHERE email LIKE 'customer%@example.cn'"
            )
            customers = cr.fetchone()[0]
        harness = Harness(
            env, runs=args.runs, dispatch=args.dispatch, heavy_runs=args.heavy_runs
        )
        for key, scenario in scenarios.SCENARIOS:
            if only and key not in only:
                continue
            before = len(harness.outcomes)
            try:
                scenario(harness)
            except Exception as exc:
                import traceback

                traceback.print_exc()
                if len(harness.outcomes) > before:
                    out = harness.outcomes[-1]
                else:
                    out = harness.missing(key)
                out.agree = False
                out.note = f"ERROR: {str(exc).splitlines()[0][:120]}"
            cr.rollback()
    wall = time.perf_counter() - t0
    head = (
        f"# cx_experience benchmarks\n\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
        f" — {customers:,} customers (seed {args.seed}), best of {args.runs} runs"
        f" — {machine()}\n\n"
    )
    body = table(harness.outcomes)
    text = (
        head
        + (f"{gen_info}\n\n" if gen_info else "")
        + body
        + (f"\n\nWall time {wall:.0f} s.\n")
    )
    print("\n" + body, flush=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    say(f"Results written to {out} (wall time {wall:.0f} s)")
    if not (args.keep or args.reuse):
        from odoo.modules.registry import Registry

        Registry.delete(db)
        drop_database(db)
    bad = [o for o in harness.outcomes if o.agree is False]
    loose = [
        o for o in harness.outcomes if o.goal and o.ratio and o.ratio > args.max_ratio
    ]
    if args.smoke and (bad or loose):
        for o in bad + loose:
            say(f"SMOKE FAILURE: {o.op}: {o.status()} ratio {o.ratio}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
