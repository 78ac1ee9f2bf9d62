#!/usr/bin/env python3
"""A store's order service for clerk's tests (docs/order-api.md), on 127.0.0.1.

It serves the orders of a catalog folder (products.csv, orders.csv and
optionally shipments.csv, in the formats `clerk import` reads) with the rules
of clerk's local store, so that one test suite runs against both:
verification by email or postcode, 404 for a missing or unverified order,
five failures lock an order number for 15 minutes (429), cancel for pending
and paid orders, returns of chosen items of delivered orders, idempotency
keys (the same request again gets the first answer; another request with the
key gets 422; a key whose first request still runs gets 409).

Tests steer its misbehaviour through control endpoints outside /orders:
  POST /_mode/NAME[?arg=X]  the next answers to /orders requests:
      normal            as the API says
      fail?count=N      N answers 500 {"error": ...}, then normal
      down              500 to everything
      stall?seconds=S   waits S seconds before answering normally
      slow?seconds=S&count=N  does the next N requests, then waits S seconds
                        before answering (an answer lost on the way)
      big               200 application/json with 50 MB of body
      badjson           200 application/json that is not JSON
      missing           200 with an order that lacks "status"
      html              200 text/html
      redirect?to=URL   302 to URL
      busy?after=S      503 with Retry-After S once, then normal
  GET /_log                the /orders requests so far (JSON lines)
  POST /_reset             the data and the counters as at start

Usage: order_server.py --catalog DIR [--port N] [--port-file PATH] [--token T]
                       [--tls CERT KEY] [--files DIR]
--tls serves https with that certificate; --files also serves the files of
DIR under /files/ (a feed for `clerk import https://...`).
"""
import argparse
import csv
import http.server
import json
import os
import re
import socketserver
import sys
import threading
import time
import urllib.parse

LOCK_FAILURES = 5
LOCK_SECONDS = 900


def cents(text):
    return int(round(float(text) * 100))


def money(c):
    return round(c / 100.0, 2)


class Store:
    def __init__(self, folder):
        self.folder = folder
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.products = {}
        with open(os.path.join(self.folder, "products.csv"), newline="") as f:
            for row in csv.DictReader(f):
                self.products[row["id"]] = {
                    "name": row.get("name", ""),
                    "price": cents(row["price"]) if row.get("price") else 0,
                    "currency": row.get("currency") or "USD",
                }
        self.orders = {}
        with open(os.path.join(self.folder, "orders.csv"), newline="") as f:
            for row in csv.DictReader(f):
                o = self.orders.setdefault(row["order_id"], {
                    "id": row["order_id"], "status": row["status"].lower(),
                    "placed_at": row["date"], "currency": "USD",
                    "email": row.get("email") or None, "postcode": row.get("postcode") or None,
                    "carrier": row.get("carrier") or None, "tracking": row.get("tracking") or None,
                    "items": [], "events": []})
                p = self.products.get(row["product"], {})
                o["items"].append({"product": row["product"], "name": p.get("name"),
                                   "quantity": int(row["quantity"]),
                                   "price": cents(row["price"]), "returned": 0})
        shipments = os.path.join(self.folder, "shipments.csv")
        if os.path.exists(shipments):
            with open(shipments, newline="") as f:
                for row in csv.DictReader(f):
                    if row["order_id"] in self.orders:
                        self.orders[row["order_id"]]["events"].append(
                            {"at": row["at"], "status": row["status"],
                             "location": row.get("location") or None})
            for o in self.orders.values():
                o["events"].sort(key=lambda e: e["at"])
        self.failures = {}  # order ref -> [count, locked_until]
        self.keys = {}      # key -> {"request": ..., "status": ..., "body": ...} or "running"
        self.log = []
        self.mode = ("normal", {})

    def view(self, o):
        total = sum(i["quantity"] * i["price"] for i in o["items"])
        return {"id": o["id"], "status": o["status"], "placed_at": o["placed_at"],
                "total": money(total), "currency": o["currency"],
                "items": [{"product": i["product"], "name": i["name"], "quantity": i["quantity"],
                           "price": money(i["price"]), "returned": i["returned"]}
                          for i in o["items"]],
                "carrier": o["carrier"], "tracking": o["tracking"], "events": o["events"],
                "note": "fields clerk does not know are ignored"}

    @staticmethod
    def verified(o, verify):
        if not verify:
            return False
        if o["email"] and verify.lower() == o["email"].lower():
            return True
        norm = lambda s: re.sub(r"[ -]", "", s).lower()
        return bool(o["postcode"]) and norm(verify) == norm(o["postcode"])

    def verify(self, ref, verify):
        """(order, None) or (None, (status, body, headers))."""
        now = time.time()
        count, until = self.failures.get(ref, [0, 0])
        if until and until > now:
            return None, (429, {"error": "too many tries"}, {"Retry-After": str(LOCK_SECONDS)})
        if until and until <= now:
            count, until = 0, 0
        o = self.orders.get(ref)
        if o is None or not self.verified(o, verify):
            count += 1
            if count >= LOCK_FAILURES:
                until = now + LOCK_SECONDS
            self.failures[ref] = [count, until]
            return None, (404, {"error": "no such order"}, {})
        self.failures.pop(ref, None)
        return o, None

    def lookup(self, ref, verify):
        o, refusal = self.verify(ref, verify)
        return refusal or (200, self.view(o), {})

    def cancel(self, ref, body):
        o, refusal = self.verify(ref, body.get("verify"))
        if refusal:
            return refusal
        if o["status"] not in ("pending", "paid"):
            return 409, {"error": "order %s is %s" % (ref, o["status"])}, {}
        o["status"] = "cancelled"
        return 200, self.view(o), {}

    def returns(self, ref, body):
        o, refusal = self.verify(ref, body.get("verify"))
        if refusal:
            return refusal
        if o["status"] != "delivered":
            return 409, {"error": "order %s is %s" % (ref, o["status"])}, {}
        items = body.get("items")
        take = [0] * len(o["items"])
        if items is None:
            take = [i["quantity"] - i["returned"] for i in o["items"]]
        else:
            if not isinstance(items, list) or not items:
                return 422, {"error": "items must be a list of products"}, {}
            for line in items:
                product, q = line.get("product"), line.get("quantity")
                lines = [k for k, i in enumerate(o["items"]) if i["product"] == product]
                if not lines:
                    return 422, {"error": "order %s has no product %s" % (ref, product)}, {}
                bought = sum(o["items"][k]["quantity"] for k in lines)
                if not isinstance(q, int) or q < 1 or q > bought:
                    return 422, {"error": "bad quantity for %s" % product}, {}
                left = sum(o["items"][k]["quantity"] - o["items"][k]["returned"] - take[k]
                           for k in lines)
                if q > left:
                    return 409, {"error": "only %d of %s left to return" % (left, product)}, {}
                for k in lines:
                    n = min(q, o["items"][k]["quantity"] - o["items"][k]["returned"] - take[k])
                    take[k] += n
                    q -= n
        for k, n in enumerate(take):
            o["items"][k]["returned"] += n
        if all(i["returned"] >= i["quantity"] for i in o["items"]):
            o["status"] = "returned"
        return 200, self.view(o), {}

    def place(self, body):
        items = body.get("items")
        if not isinstance(items, list) or not items:
            return 422, {"error": "an order needs at least one item"}, {}
        lines = []
        for line in items:
            product, q = line.get("product"), line.get("quantity")
            if product not in self.products:
                return 422, {"error": "no product %s" % product}, {}
            if not isinstance(q, int) or q < 1:
                return 422, {"error": "bad quantity for %s" % product}, {}
            p = self.products[product]
            lines.append({"product": product, "name": p["name"], "quantity": q,
                          "price": p["price"], "returned": 0})
        numbers = [int(k) for k in self.orders if k.isdigit()]
        ref = str(max([100001] + [n + 1 for n in numbers]))
        self.orders[ref] = {
            "id": ref, "status": "pending",
            "placed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "currency": min(self.products[l["product"]]["currency"] for l in lines),
            "email": body.get("email"), "postcode": body.get("postcode"),
            "carrier": None, "tracking": None, "items": lines, "events": []}
        return 201, self.view(self.orders[ref]), {}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "order-server/1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=None, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def control(self, store):
        url = urllib.parse.urlsplit(self.path)
        args = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/_log":
            return self.send(200, "".join(json.dumps(e) + "\n" for e in store.log).encode(),
                             content_type="application/x-ndjson")
        if url.path == "/_reset" and self.command == "POST":
            with store.lock:
                store.reset()
            return self.send(200, {"ok": True})
        m = re.fullmatch(r"/_mode/([a-z]+)", url.path)
        if m and self.command == "POST":
            with store.lock:
                store.mode = (m.group(1), args)
            return self.send(200, {"mode": m.group(1)})
        return self.send(404, {"error": "no such control"})

    def misbehave(self, store):
        """True when the mode answered instead of the API."""
        with store.lock:
            name, args = store.mode
            if name == "fail":
                left = int(args.get("count", "1"))
                if left <= 0:
                    store.mode = ("normal", {})
                    return False
                args["count"] = str(left - 1)
            if name == "busy":
                store.mode = ("normal", {})
        if name in ("fail", "down"):
            self.send(500, {"error": "the order database is down"})
        elif name == "stall":
            time.sleep(float(args.get("seconds", "10")))
            return False
        elif name == "big":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b" " * 65536
            try:
                self.wfile.write(b'{"id":"x","padding":"')
                for _ in range(50 * 16):
                    self.wfile.write(chunk)
            except OSError:
                pass
            self.close_connection = True
        elif name == "badjson":
            self.send(200, b'{"id": "10422", "status": ', content_type="application/json")
        elif name == "missing":
            self.send(200, {"id": "10422", "placed_at": "2026-11-20T10:00:00Z", "total": 1,
                            "currency": "USD", "items": []})
        elif name == "html":
            self.send(200, b"<html><body>Order service</body></html>", content_type="text/html")
        elif name == "redirect":
            self.send(302, b"", {"Location": args.get("to", "http://127.0.0.2/")})
        elif name == "busy":
            self.send(503, {"error": "busy"}, {"Retry-After": args.get("after", "1")})
        else:
            return False
        return True

    def handle_orders(self):
        store = self.server.store
        url = urllib.parse.urlsplit(self.path)
        raw = self.body() if self.command == "POST" else b""
        key = self.headers.get("Idempotency-Key")
        with store.lock:
            store.log.append({"method": self.command, "path": url.path, "query": url.query,
                              "key": key, "auth": self.headers.get("Authorization"),
                              "accept": self.headers.get("Accept")})
        token = self.server.token
        if token and self.headers.get("Authorization") != "Bearer " + token:
            return self.send(401, {"error": "who are you?"})
        if self.misbehave(store):
            return
        query = dict(urllib.parse.parse_qsl(url.query))
        if self.command == "GET":
            if store.mode[0] == "slow":
                time.sleep(float(store.mode[1].get("seconds", "10")))
            m = re.fullmatch(r"/orders/([^/]+)", url.path)
            if not m:
                return self.send(404, {"error": "no such path"})
            with store.lock:
                status, body, headers = store.lookup(urllib.parse.unquote(m.group(1)),
                                                     query.get("verify"))
            return self.send(status, body, headers)
        try:
            body = json.loads(raw or b"{}")
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            return self.send(400, {"error": "the body is not a JSON object"})
        if not key:
            return self.send(400, {"error": "an Idempotency-Key header is required"})
        request = [url.path, body]
        with store.lock:
            seen = store.keys.get(key)
            if seen == "running":
                return self.send(409, {"error": "the first request with this key is still running"})
            if seen is not None and seen["request"] != request:
                return self.send(422, {"error": "this key was used for another request"})
            if seen is None:
                store.keys[key] = "running"
        if seen is not None:
            return self.answer_late(seen["status"], seen["body"], seen["headers"])
        with store.lock:
            m = re.fullmatch(r"/orders/([^/]+)/(cancel|returns)", url.path)
            if url.path == "/orders":
                answer = store.place(body)
            elif m and m.group(2) == "cancel":
                answer = store.cancel(urllib.parse.unquote(m.group(1)), body)
            elif m:
                answer = store.returns(urllib.parse.unquote(m.group(1)), body)
            else:
                answer = (404, {"error": "no such path"}, {})
            status, out, headers = answer
            # A refusal of verification is not the action's answer: a retry
            # may verify.
            if status in (404, 429):
                del store.keys[key]
            else:
                store.keys[key] = {"request": request, "status": status, "body": out,
                                   "headers": headers}
        return self.answer_late(status, out, headers)

    def answer_late(self, status, body, headers):
        """Sends the answer, after a while when the mode loses it."""
        store = self.server.store
        with store.lock:
            name, args = store.mode
            lose = name == "slow" and int(args.get("count", "1")) > 0
            if lose:
                args["count"] = str(int(args.get("count", "1")) - 1)
        if lose:
            time.sleep(float(args.get("seconds", "10")))
        return self.send(status, body, headers)

    def route(self):
        if self.path.startswith("/_"):
            return self.control(self.server.store)
        if self.path.startswith("/files/") and self.server.files:
            name = os.path.basename(urllib.parse.urlsplit(self.path).path)
            path = os.path.join(self.server.files, name)
            if not os.path.isfile(path):
                return self.send(404, {"error": "no such file"})
            with open(path, "rb") as f:
                return self.send(200, f.read(), content_type="text/csv")
        return self.handle_orders()

    do_GET = route
    do_POST = route


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A client that gave up (a timeout, a body too large) is expected.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--catalog", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--token")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--files")
    a = ap.parse_args()
    server = Server((a.host, a.port), Handler)
    server.store = Store(a.catalog)
    server.token = a.token
    server.files = a.files
    if a.tls:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    if a.port_file:
        tmp = a.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.rename(tmp, a.port_file)
    else:
        print(port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
