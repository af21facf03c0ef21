"""A small but real OpenID provider for tests, served over HTTP on loopback by a thread.

It does what Entra ID does for a confidential web client: discovery, the authorisation endpoint (signing in
whoever the test says, at once), the token endpoint (client secret, single-use code, redirect URI and the PKCE
S256 verifier all checked), RS256 ID tokens from joserfc, a JWKS and userinfo. A test can make it misbehave the
ways a real or forged provider might (`tamper`, `sign_with`) and read what it was sent (`authorize_requests`,
`token_requests`).

    with OpenIDProvider() as provider:
        provider.person = {"sub": "abc", "email": "sam@nhs.net", "email_verified": True}
        ...
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "coqi-test-client"
CLIENT_SECRET = "a-test-client-secret-" + "x" * 20


def new_signing_key(kid: str = "test-key-1") -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class OpenIDProvider:
    def __init__(self, *, client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = new_signing_key()
        self.person: dict = {}
        self.tamper: dict = {}  # claims put into (or, with value None, taken out of) the next ID tokens
        self.sign_with: RSAKey | None = None  # sign ID tokens with this key instead of the published one
        self.discovery_issuer: str | None = None  # what discovery says the issuer is, when not the truth
        self.redirect_uris: set[str] = set()  # empty: any
        self.authorize_requests: list[dict] = []
        self.token_requests: list[dict] = []
        self.token_errors: list[str] = []
        self._codes: dict[str, dict] = {}
        self._access_tokens: dict[str, dict] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def reset(self):
        self.person, self.tamper, self.sign_with, self.discovery_issuer = {}, {}, None, None
        self.redirect_uris = set()
        self.authorize_requests.clear()
        self.token_requests.clear()
        self.token_errors.clear()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # --- what the endpoints answer ---

    def discovery(self) -> dict:
        return {
            "issuer": self.discovery_issuer or self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def authorize(self, query: dict) -> tuple[int, dict, str]:
        self.authorize_requests.append(query)
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect_uri:
            return 400, {}, "unknown client"
        if self.redirect_uris and redirect_uri not in self.redirect_uris:
            return 400, {}, "redirect_uri not registered"
        answer = {"state": query.get("state", "")}
        if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
            answer["error"] = "unsupported_response_type"
        elif query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            answer.update(error="invalid_request", error_description="PKCE with S256 is required")
        else:
            code = secrets.token_urlsafe(24)
            self._codes[code] = {
                "redirect_uri": redirect_uri,
                "nonce": query.get("nonce"),
                "code_challenge": query["code_challenge"],
                "person": dict(self.person),
            }
            answer["code"] = code
        return 302, {"Location": f"{redirect_uri}?{urlencode(answer)}"}, ""

    def token(self, form: dict, authorization: str | None) -> tuple[int, dict]:
        self.token_requests.append(form)
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if client_id != self.client_id or client_secret != self.client_secret:
            return self._token_error(401, "invalid_client")
        grant = self._codes.pop(form.get("code", ""), None)  # a code works once
        if form.get("grant_type") != "authorization_code" or grant is None:
            return self._token_error(400, "invalid_grant")
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return self._token_error(400, "invalid_grant")
        verifier = form.get("code_verifier", "")
        if _b64url(hashlib.sha256(verifier.encode()).digest()) != grant["code_challenge"]:
            return self._token_error(400, "invalid_grant")
        access_token = secrets.token_urlsafe(32)
        self._access_tokens[access_token] = grant["person"]
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 3600,
            "scope": "openid email profile",
            "id_token": self.id_token(grant["person"], nonce=grant["nonce"], access_token=access_token),
        }

    def _token_error(self, status: int, error: str) -> tuple[int, dict]:
        self.token_errors.append(error)
        return status, {"error": error}

    def id_token(self, person: dict, *, nonce: str | None, access_token: str) -> str:
        now = int(time.time())
        digest = hashlib.sha256(access_token.encode()).digest()
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "nbf": now,
            "exp": now + 600,
            "nonce": nonce,
            "at_hash": _b64url(digest[: len(digest) // 2]),
            **person,
        }
        for name, value in self.tamper.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        key = self.sign_with or self.key
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)

    def jwks(self) -> dict:
        return {"keys": [self.key.as_dict(private=False)]}

    def userinfo(self, authorization: str | None) -> tuple[int, dict]:
        token = (authorization or "").removeprefix("Bearer ")
        person = self._access_tokens.get(token)
        return (200, person) if person is not None else (401, {"error": "invalid_token"})

    # --- HTTP ---

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output quiet
                pass

            def _send(self, status: int, body, headers: dict | None = None):
                data = json.dumps(body).encode() if isinstance(body, dict) else body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json" if isinstance(body, dict) else "text/plain")
                self.send_header("Cache-Control", "no-store")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                parts = urlsplit(self.path)
                query = {name: values[0] for name, values in parse_qs(parts.query).items()}
                if parts.path == "/.well-known/openid-configuration":
                    self._send(200, provider.discovery())
                elif parts.path == "/authorize":
                    status, headers, text = provider.authorize(query)
                    self._send(status, text, headers)
                elif parts.path == "/jwks":
                    self._send(200, provider.jwks())
                elif parts.path == "/userinfo":
                    self._send(*provider.userinfo(self.headers.get("Authorization")))
                else:
                    self._send(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {name: values[0] for name, values in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path == "/token":
                    self._send(*provider.token(form, self.headers.get("Authorization")))
                else:
                    self._send(404, {"error": "not_found"})

        return Handler
