"""Take README screenshots of a running `serve` instance with headless Chromium.

    python3 dev/runner.py serve &          # in another shell
    <venv>/bin/python dev/screenshots.py   # writes docs/screenshots/*.png

Logs in through /web/session/authenticate, hands the session cookie to Chromium over the
DevTools protocol (websocket-client) and captures each page once its client has settled.
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

BASE = os.environ.get("CX_URL", "http://127.0.0.1:8069")
DB = os.environ.get("CX_DB", "cx_demo")
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PAGES = [
    # (file name, path, login)
    ("journeys", "/odoo/action-cx_experience.cx_journey_action", "admin"),
    (
        "nps_analysis",
        "/odoo/action-cx_experience_nps.cx_nps_response_action_analysis",
        "admin",
    ),
]


def session_cookie(login, password):
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": DB, "login": login, "password": password},
        }
    ).encode()
    req = urllib.request.Request(
        f"{BASE}/web/session/authenticate", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        for header, value in resp.getheaders():
            if header.lower() == "set-cookie" and value.startswith("session_id="):
                return value.split(";")[0].split("=", 1)[1]
    raise RuntimeError(f"login failed for {login}")


class Chrome:
    def __init__(self):
        exe = next(filter(None, map(shutil.which, ("chromium", "google-chrome"))))
        self.profile = tempfile.mkdtemp(prefix="cx-shot-")
        self.proc = subprocess.Popen(
            [
                exe,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--window-size=1440,900",
                "--remote-debugging-port=9333",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _i in range(50):
            try:
                with urllib.request.urlopen(
                    "http://127.0.0.1:9333/json", timeout=2
                ) as r:
                    target = next(t for t in json.load(r) if t["type"] == "page")
                    break
            except Exception:  # Chromium still starting
                time.sleep(0.2)
        self.ws = websocket.create_connection(
            target["webSocketDebuggerUrl"], timeout=60
        )
        self.msg_id = 0

    def call(self, method, **params):
        self.msg_id += 1
        self.ws.send(
            json.dumps({"id": self.msg_id, "method": method, "params": params})
        )
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.msg_id:
                return msg.get("result", {})

    def close(self):
        self.ws.close()
        self.proc.terminate()
        shutil.rmtree(self.profile, ignore_errors=True)


def main(pages):
    OUT.mkdir(parents=True, exist_ok=True)
    chrome = Chrome()
    try:
        chrome.call("Network.enable")
        chrome.call(
            "Emulation.setDeviceMetricsOverride",
            width=1440,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        for name, path, login in pages:
            cookie = session_cookie(login, os.environ.get("CX_PASSWORD", login))
            chrome.call(
                "Network.setCookie", name="session_id", value=cookie, url=BASE, path="/"
            )
            chrome.call("Page.navigate", url=BASE + path)
            time.sleep(float(os.environ.get("CX_SHOT_WAIT", "6")))
            data = chrome.call("Page.captureScreenshot", format="png")["data"]
            (OUT / f"{name}.png").write_bytes(base64.b64decode(data))
            print(f"wrote {OUT / name}.png")
    finally:
        chrome.close()


if __name__ == "__main__":
    extra = [tuple(arg.split(",")) for arg in sys.argv[1:]]
    main(extra or PAGES)
