#!/usr/bin/env python3
"""Write each addon's translation template, ``<addon>/i18n/<addon>.pot``.

    python3 dev/export_pot.py

Installs the three addons (no demo data) on a fresh database, exports their terms
with ``odoo-bin i18n export`` and drops the database. Run it after changing
user-facing strings; translators update ``zh_CN.po`` from the template.
"""

import os
import subprocess
import tempfile

import runner  # the runner script, next to this one


def main():
    src, py, env = runner.setup()
    db = f"cx_pot_{os.getpid()}"
    runner.drop_db(env, db)
    try:
        install = runner.odoo_cmd(src, py, env, db, "-i", ",".join(runner.OUR_ADDONS))
        install += ["--stop-after-init", "--no-http", "--log-level=warn"]
        subprocess.run(install, env=runner.odoo_env(src, env), check=True)
        with tempfile.NamedTemporaryFile("w", suffix=".conf") as conf:
            conf.write(
                "[options]\n"
                f"addons_path = {runner.addons_path(src, py)}\n"
                f"db_host = {env['PGHOST']}\n"
                f"db_port = {env['PGPORT']}\n"
                f"db_user = {env['PGUSER']}\n"
                f"db_name = {db}\n"
            )
            conf.flush()
            export = [str(py), str(src / "odoo-bin"), "i18n", "export"]
            export += ["-c", conf.name, *runner.OUR_ADDONS]
            subprocess.run(export, env=runner.odoo_env(src, env), check=True)
        for addon in runner.OUR_ADDONS:
            print(f"{addon}/i18n/{addon}.pot")
    finally:
        runner.drop_db(env, db)


if __name__ == "__main__":
    main()
