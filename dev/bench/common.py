"""Shared helpers of the scale benchmarks: Odoo bootstrap, progress bar, bulk COPY."""

import datetime
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

OUR_ADDONS = ["cx_experience", "cx_experience_nps", "cx_experience_recovery"]


def say(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Progress:
    """A plain stderr progress bar (one line, rewritten in place)."""

    def __init__(self, label, total, width=30):
        self.label, self.total, self.width = label, max(total, 1), width
        self.done = 0
        self.t0 = time.perf_counter()
        self._last = 0.0
        self.tty = sys.stderr.isatty()
        self._draw(force=True)

    def update(self, n=1):
        self.done += n
        self._draw()

    def _draw(self, force=False):
        now = time.perf_counter()
        if not force and now - self._last < (0.2 if self.tty else 5.0):
            return
        self._last = now
        frac = min(self.done / self.total, 1.0)
        bar = "#" * int(frac * self.width)
        elapsed = now - self.t0
        line = (
            f"  {self.label:<22} [{bar:<{self.width}}] {self.done:>9,}/{self.total:,}"
            f" {frac:6.1%} {elapsed:6.1f}s"
        )
        print(
            ("\r" if self.tty else "") + line,
            end="" if self.tty else "\n",
            file=sys.stderr,
            flush=True,
        )

    def close(self):
        self.done = self.total if self.done < self.total else self.done
        self._draw(force=True)
        if self.tty:
            print(file=sys.stderr, flush=True)
        return time.perf_counter() - self.t0


def odoo_args(db):
    """odoo-bin style arguments for ``db`` from the runner's environment."""
    addons = os.environ.get("CX_ADDONS_PATH")
    if not addons:
        sys.exit("CX_ADDONS_PATH is not set: run through `python3 dev/runner.py bench`")
    args = [f"--addons-path={addons}", "-d", db, "--db-filter", f"^{db}$"]
    for opt, var in (
        ("db_host", "PGHOST"),
        ("db_port", "PGPORT"),
        ("db_user", "PGUSER"),
    ):
        if os.environ.get(var):
            args.append(f"--{opt}={os.environ[var]}")
    return args


def install_database(db, log_path=None):
    """Create ``db`` with our three addons installed (no demo data), via odoo-bin."""
    import odoo

    odoo_bin = next(
        Path(p).resolve().parent / "odoo-bin"
        for p in odoo.__path__
        if (Path(p).resolve().parent / "odoo-bin").exists()
    )
    subprocess.run(
        ["dropdb", "--if-exists", "--force", db], check=False, capture_output=True
    )
    cmd = [
        sys.executable,
        str(odoo_bin),
        *odoo_args(db),
        "-i",
        ",".join(OUR_ADDONS),
        "--stop-after-init",
        "--no-http",
        "--log-level=warn",
    ]
    with open(log_path or os.devnull, "w") as log:
        res = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, check=False)
    if res.returncode:
        sys.exit(f"installing {OUR_ADDONS} on {db} failed (see {log_path})")


def drop_database(db):
    subprocess.run(
        ["dropdb", "--if-exists", "--force", db], check=False, capture_output=True
    )


_CONFIGURED = []


def registry(db):
    """The Odoo registry of ``db`` (config parsed once per process)."""
    from odoo.modules.registry import Registry
    from odoo.tools import config

    if not _CONFIGURED:
        config.parse_config(
            [*odoo_args(db), "--log-level=warn", "--no-http"], setup_logging=True
        )
        _CONFIGURED.append(db)
    import threading

    threading.current_thread().dbname = db
    return Registry(db)


def fmt(value):
    """``value`` in COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (datetime.datetime, datetime.date)):
        value = (
            value.isoformat(sep=" ")
            if isinstance(value, datetime.datetime)
            else value.isoformat()
        )
    else:
        value = str(value)
    return (
        value.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def copy_rows(cr, table, columns, rows):
    """COPY ``rows`` (sequences aligned with ``columns``) into ``table``."""
    copy_text(cr, table, columns, [[fmt(v) for v in row] for row in rows])


def copy_text(cr, table, columns, rows):
    """COPY ``rows`` of already formatted values (see ``fmt``) into ``table``."""
    buf = io.StringIO("\n".join("\t".join(row) for row in rows) + "\n")
    cols = ", ".join(f'"{c}"' for c in columns)
    cr._obj.copy_expert(f'COPY "{table}" ({cols}) FROM STDIN', buf)


def allocate_ids(cr, table, n):
    """Reserve ``n`` consecutive ids of ``table`` (advancing its sequence)."""
    seq = f"{table}_id_seq"
    cr.execute("LOCK TABLE %s IN EXCLUSIVE MODE" % table)
    cr.execute("SELECT nextval(%s)", [seq])
    start = cr.fetchone()[0]
    if n > 1:
        cr.execute("SELECT setval(%s, %s)", [seq, start + n - 1])
    return range(start, start + n)


def template_row(record):
    """The full database row the ORM wrote for ``record`` (flushed), as a dict."""
    record.env.flush_all()
    cr = record.env.cr
    cr.execute(f'SELECT * FROM "{record._table}" WHERE id = %s', [record.id])
    cols = [d[0] for d in cr.description]
    return dict(zip(cols, cr.fetchone(), strict=True))
