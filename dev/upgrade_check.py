"""Upgrade check of the runner: install the previous release, upgrade to this tree.

The previous release is, for each addon, the newest commit before its current
version; the oldest of these, so every pending migration runs (override with
CX_UPGRADE_FROM=<git revision>). Its addons are
installed with demo data on a fresh database, then upgraded with this tree's addons;
the check fails when the upgrade logs an error, when records of ours disappear, or
when a scheduled action or automation of ours calls a method its model lacks.
"""

import ast
import os
import re
import subprocess
import tarfile
import tempfile
from io import BytesIO

# rows that an upgrade must keep (table: what a dealer would miss)
KEPT_TABLES = [
    "res_partner",
    "fleet_vehicle_log_services",
    "cx_journey",
    "cx_touchpoint",
    "cx_tier_history",
    "cx_ritual",
    "cx_contact_log",
    "cx_nps_invitation",
    "cx_nps_response",
    "survey_user_input",
    "cx_recovery_playbook_step",
    "cx_recovery_case",
    "cx_recovery_case_step",
    "mail_activity",
]

# run in ``odoo shell`` after the upgrade: every cron and automation of ours calls
# methods its model has
CALLS_CHECK = r"""
import re
ours = %(addons)r
data = env["ir.model.data"].sudo().search(
    [("module", "in", ours), ("model", "in", ["ir.cron", "ir.actions.server"])]
)
broken = []
for xmlid in data:
    record = env[xmlid.model].browse(xmlid.res_id).exists()
    if not record:
        continue
    action = record.ir_actions_server_id if xmlid.model == "ir.cron" else record
    if action.state != "code":
        continue
    model = env[action.model_id.model]
    for name in re.findall(r"\b(?:model|records?)\.(\w+)\(", action.code or ""):
        if not hasattr(model, name):
            broken.append(f"{xmlid.module}.{xmlid.name}: {model._name}.{name}")
print("CX-UPGRADE-BROKEN", broken)
"""


def git(repo, *args):
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )


def manifest_versions(repo, rev, addons):
    """{addon: version} of ``addons`` at ``rev`` (missing addons left out)."""
    versions = {}
    for addon in addons:
        res = git(repo, "show", f"{rev}:{addon}/__manifest__.py")
        if res.returncode == 0:
            versions[addon] = ast.literal_eval(res.stdout).get("version")
    return versions


def previous_release(repo, addons):
    """The commit to upgrade from: for each addon, the newest commit before its
    current version; the oldest of these, so that every pending migration runs."""
    forced = os.environ.get("CX_UPGRADE_FROM")
    if forced:
        return forced
    head = manifest_versions(repo, "HEAD", addons)
    pending, start = set(head), None
    res = git(repo, "rev-list", "--max-count=400", "HEAD~1")
    for rev in res.stdout.split() if res.returncode == 0 else ():
        versions = manifest_versions(repo, rev, addons)
        for addon in sorted(pending):
            if addon not in versions:  # an addon new since: nothing to upgrade
                pending.discard(addon)
            elif versions[addon] != head[addon]:
                pending.discard(addon)
                start = rev
        if not pending:
            break
    return start


def export_tree(repo, rev, addons, target):
    """Write ``addons`` as of ``rev`` into ``target``."""
    res = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar", rev, *addons],
        capture_output=True,
        check=False,
    )
    if res.returncode:
        raise RuntimeError(res.stderr.decode(errors="replace")[-500:])
    with tarfile.open(fileobj=BytesIO(res.stdout)) as tar:
        tar.extractall(target, filter="data")


def row_counts(env, db, tables):
    """{table: rows} of the tables that exist in ``db``."""
    counts = {}
    for table in tables:
        res = subprocess.run(
            ["psql", "-d", db, "-tAc", f"SELECT count(*) FROM {table}"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if res.returncode == 0:
            counts[table] = int(res.stdout.strip())
    return counts


def check_upgrade(runner, src, py, env):
    """(ok, message) of the upgrade from the previous release to this tree."""
    repo, addons = runner.REPO, runner.OUR_ADDONS
    rev = previous_release(repo, addons)
    if not rev:
        return True, "no earlier release in the history: upgrade check skipped"
    short = git(repo, "rev-parse", "--short", rev).stdout.strip() or rev
    db = f"cx_upgrade_{os.getpid()}"
    logdir = runner.CACHE / "logs"
    logdir.mkdir(parents=True, exist_ok=True)
    runner.drop_db(env, db)
    try:
        with tempfile.TemporaryDirectory(prefix="cx_previous_") as old:
            export_tree(repo, rev, addons, old)
            old_path = runner.addons_path(src, py).replace(str(repo), old)
            cmd = runner.odoo_cmd(src, py, env, db, "-i", ",".join(addons))
            cmd = [
                c if not c.startswith("--addons-path=") else f"--addons-path={old_path}"
                for c in cmd
            ]
            cmd += ["--with-demo", "--stop-after-init", "--no-http", "--log-level=warn"]
            rc, lines = runner.run_odoo_logged(
                cmd, runner.odoo_env(src, env), logdir / f"{db}_install.log"
            )
            if rc or any(runner.LOG_RE.search(ln) for ln in lines):
                return False, f"the release {short} does not install (see its log)"
        before = row_counts(env, db, KEPT_TABLES)
        cmd = runner.odoo_cmd(src, py, env, db, "-u", ",".join(addons))
        cmd += ["--stop-after-init", "--no-http", "--log-level=warn"]
        rc, lines = runner.run_odoo_logged(
            cmd, runner.odoo_env(src, env), logdir / f"{db}.log"
        )
        errors = [ln for ln in lines if runner.LOG_RE.search(ln)]
        for ln in errors[:10]:
            print("    !", ln[:600])
        if rc or errors:
            return False, f"upgrade from {short} failed (see {logdir / db}.log)"
        after = row_counts(env, db, KEPT_TABLES)
        lost = {
            t: (n, after.get(t, 0)) for t, n in before.items() if after.get(t, 0) < n
        }
        if lost:
            return False, f"upgrade from {short} lost records: {lost}"
        res = subprocess.run(
            runner.odoo_cmd(src, py, env, db)[:2]
            + ["shell"]
            + runner.odoo_cmd(src, py, env, db)[2:]
            + ["--no-http", "--log-level=warn"],
            input=CALLS_CHECK % {"addons": addons},
            env=runner.odoo_env(src, env),
            capture_output=True,
            text=True,
            check=False,
        )
        found = re.search(r"CX-UPGRADE-BROKEN (\[.*\])", res.stdout)
        if not found:
            print(res.stdout[-2000:], res.stderr[-2000:])
            return False, "upgrade check could not inspect the scheduled actions"
        if found.group(1) != "[]":
            return (
                False,
                f"after the upgrade, actions call missing methods: {found.group(1)}",
            )
        return True, f"upgrade from {short}: {sum(after.values())} records kept"
    finally:
        if not os.environ.get("CX_KEEP_DB"):
            runner.drop_db(env, db)


def main():
    """``python3 dev/upgrade_check.py``: the check alone."""
    import runner  # the runner script, next to this one

    src, py, env = runner.setup()
    ok, message = check_upgrade(runner, src, py, env)
    print(("OK: " if ok else "FAILED: ") + message, flush=True)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
