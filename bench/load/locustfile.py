"""A deadline week on Khối thi đua 4A: unit officers keep saving their report drafts and adding
evidence, the secretariat watches the bloc and asks for the bloc report file, reviewers work
through their queue. Run by bench/load/run.py, which prepares the data and writes LOAD_PLAN.

Every user talks to gunicorn as the TLS proxy would (X-Forwarded-Proto, X-Forwarded-For), so the
production settings (secure cookies, HTTPS-only CSRF checks, login throttling per client
address) apply unchanged. Request names are page types, so figures are per type, not per id.
"""

import itertools
import json
import os
import random
import time
from html.parser import HTMLParser
from http.cookiejar import DefaultCookiePolicy

import gevent.event
import psutil
from locust import HttpUser, between, events, task
from locust.exception import StopUser

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
# A 256 KB "scan": uploads are judged by their content, and this is a PDF header.
EVIDENCE = b"%PDF-1.4\n%load test\n" + b"0" * (256 * 1024)
CONFLICT = "vừa được"  # the optimistic lock's refusal: "Nội dung này vừa được … cập nhật lúc …"
FILE_WAIT = 120  # seconds a secretariat user waits for a requested file before calling it lost
_clients = itertools.count(1)


class FormFields(HTMLParser):
    """The fields a browser would send from a page's forms (`of`: the form with a given field)."""

    def __init__(self):
        super().__init__()
        self.forms, self.current = [], None
        self.select = self.textarea = None
        self.templates = 0  # a <template>'s fields are not submitted (the formset's blank row)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "template":
            self.templates += 1
        elif tag == "form":
            self.current = []
            self.forms.append(self.current)
        elif tag == "option" and self.select is not None:
            if self.select[1] is None or "selected" in a:
                self.select[1] = a.get("value", "")
        elif self.current is None or self.templates or "name" not in a:
            return
        elif tag == "input" and a.get("type") not in ("file", "submit", "button"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.current.append([a["name"], a.get("value", "")])
        elif tag == "textarea":
            self.textarea = [a["name"], ""]
            self.current.append(self.textarea)
        elif tag == "select":
            self.select = [a["name"], None]
            self.current.append(self.select)

    def handle_endtag(self, tag):
        if tag == "template":
            self.templates -= 1
        elif tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.textarea[1] = self.textarea[1].removeprefix("\n")  # as browsers read it
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    @classmethod
    def of(cls, html: str, marker: str) -> dict[str, str]:
        parser = cls()
        parser.feed(html)
        form = next(f for f in parser.forms if any(name == marker for name, _v in f))
        return dict(form)


class ProxyHopCookies(DefaultCookiePolicy):
    """Take the Secure cookies (session, CSRF) for use on the plain-HTTP hop; requests copies
    cookies into a jar of its own for each request, so only the stored cookie can be changed."""

    def set_ok(self, cookie, request):
        cookie.secure = False
        return super().set_ok(cookie, request)


def cpu_seconds() -> dict[str, float]:
    """CPU time used so far by each side: it does not depend on what else the machine runs,
    unlike the latencies, so it gives the cost of a request on a machine of our own."""

    def tree(pid: int) -> float:
        try:
            root = psutil.Process(pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0.0
        return sum(_used(p) for p in processes)

    database = os.environ["LOAD_DB_NAME"]
    backends = [
        p
        for p in psutil.process_iter(["name", "cmdline"])
        if p.info["name"] == "postgres" and f" {database} " in " ".join(p.info["cmdline"] or [])
    ]
    return {
        "web": tree(int(os.environ["LOAD_WEB_PID"])),
        "database": sum(_used(p) for p in backends),
        "worker": tree(int(os.environ["LOAD_WORKER_PID"])),
        "locust": _used(psutil.Process()),
    }


def _used(process) -> float:
    try:
        times = process.cpu_times()
    except psutil.NoSuchProcess:
        return 0.0
    return times.user + times.system


class Phases:
    """Everyone logs in first (a morning's logins, all at once here: measured on their own);
    then the figures start from zero and the deadline-week mix runs for LOAD_SECONDS."""

    users, seconds = int(os.environ["LOAD_USERS"]), float(os.environ["LOAD_SECONDS"])
    arrived, started = 0, time.perf_counter()
    steady = gevent.event.Event()
    login: dict = {}
    cpu: dict = {}

    @classmethod
    def logged_in(cls, environment):
        cls.arrived += 1
        if cls.arrived < cls.users:
            return
        stats = environment.stats
        cls.login = {
            "seconds": time.perf_counter() - cls.started,
            "entries": [figures(e) for e in stats.entries.values() if e.num_requests],
            "errors": errors(stats),
        }
        stats.reset_all()
        cls.cpu = cpu_seconds()
        gevent.spawn_later(cls.seconds, environment.runner.quit)
        cls.steady.set()


class PortalUser(HttpUser):
    abstract = True
    username = ""

    def on_start(self):
        client = next(_clients)
        origin = self.host.replace("http://", "https://", 1)
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": f"10.20.{client // 250}.{client % 250 + 1}",
                "Origin": origin,
                "Accept-Language": "vi",
            }
        )
        self.client.cookies.set_policy(ProxyHopCookies())
        try:
            page = self.client.get("/accounts/login/", name="login form")
            fields = FormFields.of(page.text, "csrfmiddlewaretoken")
            fields |= {"username": self.account(), "password": PLAN["password"]}
            response = self.post("/accounts/login/", "login", data=fields)
        finally:
            Phases.logged_in(self.environment)  # even if this login failed: nobody waits forever
        Phases.steady.wait()
        if response.status_code != 302:
            raise StopUser  # counted as an error already; without a session it can do nothing
        # Released together, the users would all click at once; people are mid-session instead.
        time.sleep(self.wait_time())

    def account(self) -> str:
        return self.username

    def page(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            return response

    def post(self, url: str, name: str, **kwargs):
        """A form post answered by a redirect, as every successful one here is."""
        with self.client.post(
            url, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}")
            return response


class UnitOfficer(PortalUser):
    """Most people online in a deadline week: each keeps one of the unit's reports up to date."""

    weight = 16
    wait_time = between(2, 6)
    _seats = itertools.count()

    def on_start(self):
        seat = next(self._seats)
        unit = PLAN["units"][seat % len(PLAN["units"])]
        self.unit_account = unit["username"]
        self.report = unit["reports"][seat // len(PLAN["units"]) % len(unit["reports"])]
        super().on_start()

    def account(self) -> str:
        return self.unit_account

    @task(2)
    def home(self):
        self.page("/", "home (officer)")

    @task(1)
    def report(self):
        self.page(f"/reports/{self.report}/", "report page")

    @task(4)
    def save_draft(self):
        self._save(upload=False)

    @task(2)
    def upload_evidence(self):
        self._save(upload=True)

    def _save(self, *, upload: bool):
        form = self.page(f"/reports/{self.report}/edit/", "report edit form")
        if form.status_code != 200:
            return
        fields = FormFields.of(form.text, "seen_updated_at")
        notes = [name for name in fields if name.endswith("-note")]
        files = None
        if notes:
            fields[random.choice(notes)] = f"Cập nhật lúc {time.strftime('%H:%M:%S')}"
            if upload:
                line = random.choice(notes).removesuffix("-note")
                files = {f"{line}-evidence": ("bien-ban.pdf", EVIDENCE, "application/pdf")}
        time.sleep(random.uniform(0.5, 2))  # typing
        name = "report save + evidence" if files else "report save"
        with self.client.post(
            f"/reports/{self.report}/edit/",
            data=fields,
            files=files,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            elif response.status_code == 400 and CONFLICT in response.text:
                # Someone of the same unit saved in between: refused, as designed.
                response.request_meta["name"] = "report save refused (conflict)"
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")


class Secretariat(PortalUser):
    """The bloc leader's staff: follow who has reported, and compile the bloc's report."""

    weight = 5
    wait_time = between(3, 8)
    username = PLAN["secretariat"]

    @task(4)
    def dashboard(self):
        self.page(f"/blocs/{PLAN['bloc']}/{PLAN['year']}/dashboard/", "bloc dashboard")

    @task(2)
    def overview(self):
        self.page(f"/campaigns/{PLAN['campaign']}/blocs/{PLAN['bloc']}/", "bloc overview")

    @task(1)
    def documents(self):
        self.page(f"/documents/bloc/{PLAN['bloc']}/{PLAN['year']}/", "bloc documents")

    @task(2)
    def document(self):
        self.page(f"/documents/{PLAN['document']}/", "bloc report page")

    @task(1)
    def report_file(self):
        """Ask for the PDF, then poll its status as the page's script does, once a second."""
        document = PLAN["document"]
        page = self.page(f"/documents/{document}/", "bloc report page")
        token = FormFields.of(page.text, "csrfmiddlewaretoken")["csrfmiddlewaretoken"]
        response = self.post(
            f"/documents/{document}/files/pdf/",
            "bloc report file request",
            data={"csrfmiddlewaretoken": token},
        )
        if response.status_code != 302:
            return
        location = response.headers["Location"]
        self.page(location, "bloc report file page")
        started = time.perf_counter()
        while time.perf_counter() - started < FILE_WAIT:
            time.sleep(1)
            state = self.page(f"{location}status/", "bloc report file status")
            if state.status_code == 200 and state.json()["state"] in ("done", "failed"):
                break
        else:
            state = None
        # The wait the secretariat sees, from the request to a downloadable file.
        self.environment.events.request.fire(
            request_type="TASK",
            name="bloc report file ready (queue + render)",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            exception=None
            if state is not None and state.json()["state"] == "done"
            else RuntimeError("file not produced"),
            context={},
        )


class Reviewer(PortalUser):
    """The emulation office: the proposals queue and the province-wide dashboard."""

    weight = 4
    wait_time = between(3, 8)
    username = PLAN["reviewer"]

    @task(1)
    def home(self):
        self.page("/", "home (reviewer)")

    @task(3)
    def queue(self):
        self.page("/proposals/", "review queue")

    @task(2)
    def proposal(self):
        self.page(f"/proposals/{random.choice(PLAN['proposals'])}/", "proposal page")

    @task(1)
    def authority_dashboard(self):
        self.page("/dashboard/", "authority dashboard")


def figures(entry) -> dict:
    return {
        "name": entry.name,
        "method": entry.method,
        "count": entry.num_requests,
        "failures": entry.num_failures,
        "rps": entry.total_rps,
        "p50": entry.get_response_time_percentile(0.5),
        "p95": entry.get_response_time_percentile(0.95),
        "max": entry.max_response_time,
    }


def errors(stats) -> list[dict]:
    return [
        {"count": e.occurrences, "method": e.method, "name": e.name, "error": str(e.error)}
        for e in stats.errors.values()
    ]


@events.quitting.add_listener
def _write_results(environment, **_kwargs):
    """The final figures for run.py (locust's CSV is rewritten every few seconds, so may lag)."""
    stats = environment.stats
    results = {
        "login": Phases.login,
        "entries": [figures(e) for e in stats.entries.values() if e.num_requests],
        "total": figures(stats.total),
        "errors": errors(stats),
        "cpu": {k: v - Phases.cpu[k] for k, v in cpu_seconds().items()} if Phases.cpu else {},
    }
    with open(os.environ["LOAD_RESULTS"], "w", encoding="utf-8") as file:
        json.dump(results, file, ensure_ascii=False, indent=1)
