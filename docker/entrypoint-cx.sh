#!/bin/bash
# Writes the database manager's master password from ODOO_ADMIN_PASSWD (required) and
# proxy_mode from PROXY_MODE, then hands over to the odoo image's own entrypoint.
set -euo pipefail
conf=/etc/odoo/odoo.conf
if [ -z "${ODOO_ADMIN_PASSWD:-}" ]; then
    echo "ODOO_ADMIN_PASSWD is not set: choose the master password (database manager)." >&2
    exit 1
fi
sed -i '/^admin_passwd *=/d; /^proxy_mode *=/d' "$conf"
printf 'admin_passwd = %s\n' "$ODOO_ADMIN_PASSWD" >> "$conf"
if [ "${PROXY_MODE:-0}" = "1" ]; then
    echo 'proxy_mode = True' >> "$conf"
else
    echo 'proxy_mode = False' >> "$conf"
fi
exec /entrypoint.sh "$@"
