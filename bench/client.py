"""A keep-alive HTTP/1.1 client for the benchmark: loopback only, bearer token or session cookies."""

import http.client
import json
import re
import sys
from urllib.parse import urlencode

LOOPBACK = "127.0.0.1"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    def __init__(self, port: int, token: str | None = None, timeout: float = 180, host: str = LOOPBACK):
        self.host, self.port, self.token, self.timeout = host, port, token, timeout
        self.cookies: dict[str, str] = {}
        self._connect()

    def _connect(self) -> None:
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def request(
        self, method: str, path: str, *, json_body=None, form: dict | None = None, headers: dict | None = None
    ) -> tuple[int, bytes]:
        head = dict(headers or {})
        data = None
        if self.token:
            head["Authorization"] = f"Bearer {self.token}"
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if json_body is not None:
            data, head["Content-Type"] = json.dumps(json_body).encode(), "application/json"
        elif form is not None:
            data, head["Content-Type"] = urlencode(form).encode(), "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # the server may close an idle keep-alive connection: reconnect once
            try:
                self.connection.request(method, path, body=data, headers=head)
                response = self.connection.getresponse()
                body = response.read()
                break
            except (ConnectionError, http.client.HTTPException, TimeoutError):
                self.connection.close()
                self._connect()
                if attempt == 2 or isinstance(sys.exc_info()[1], TimeoutError):
                    raise  # a time-out is an answer too slow, not a closed connection: never retried
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, body

    def json(self, method: str, path: str, body=None) -> tuple[int, object]:
        status, data = self.request(method, path, json_body=body)
        try:
            return status, json.loads(data or b"null")
        except ValueError:
            return status, None

    def login(self, username: str, password: str, path: str = "/dang-nhap/") -> None:
        """Session login through the login form at `path`, with its CSRF token (the form's, else the cookie's:
        the peer's sign-in page of bench/side_by_side.py), as a browser does."""
        status, page = self.request("GET", path)
        match = _CSRF_INPUT.search(page.decode("utf-8", "replace"))
        token = match.group(1) if match else self.cookies.get("csrftoken", "")
        if status != 200 or not token:
            raise RuntimeError(f"login page {path}: HTTP {status}")
        status, _ = self.request("POST", path, form={"csrfmiddlewaretoken": token, "username": username,
                                                     "password": password},
                                 headers={"Referer": f"http://{self.host}:{self.port}{path}"})
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} on port {self.port} failed: HTTP {status}")

    def close(self) -> None:
        self.connection.close()
