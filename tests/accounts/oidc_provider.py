"""A real OpenID Connect provider on loopback for the single sign-on tests, built from pyop (the
IdentityPython OP library, on oic/pyjwkest): discovery-free code flow with RS256-signed ID tokens,
a token endpoint with client_secret_post, userinfo and JWKS. Only the HTTP plumbing is here;
pyop validates requests, issues codes and tokens and signs them.

`provider.signed_in_as = "ada"` plays the person who has just signed in at the provider (the
provider's own login page is not what the tests are about).
"""

import functools
import json
import threading
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, make_server

from Cryptodome.PublicKey import RSA
from jwkest.jwk import RSAKey
from pyop.authz_state import AuthorizationState
from pyop.provider import Provider
from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
from pyop.userinfo import Userinfo

CLIENT_ID = "trust-partnerships"
CLIENT_SECRET = "loopback-client-secret"


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@functools.cache
def _signing_key():
    """One RSA key per test process: generating a 2048-bit key takes about half a second."""
    return RSA.generate(2048)


class LoopbackProvider:
    def __init__(self, *, redirect_uri: str, people: dict):
        self.server = make_server("127.0.0.1", 0, self.app, handler_class=_Quiet)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.signed_in_as = None
        self.op = Provider(
            RSAKey(key=_signing_key(), alg="RS256", kid="loopback"),
            {
                # The issuer is an identifier (the ID token's `iss`); oic insists it is https.
                # The endpoints are plain HTTP on loopback.
                "issuer": "https://sign-in.loopback.test",
                "authorization_endpoint": f"{self.base}/authorize",
                "token_endpoint": f"{self.base}/token",
                "userinfo_endpoint": f"{self.base}/userinfo",
                "jwks_uri": f"{self.base}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": ["client_secret_post"],
            },
            AuthorizationState(HashBasedSubjectIdentifierFactory("loopback-salt")),
            {
                CLIENT_ID: {
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": [redirect_uri],
                    "response_types": ["code"],
                    "token_endpoint_auth_method": "client_secret_post",
                }
            },
            Userinfo(people),
            extra_scopes={"organisation": ["organisation"]},
        )
        # serve_forever polls for shutdown every 0.5 s by default: each test would wait that long.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def settings(self) -> dict:
        """What the service's settings need to use this provider."""
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.base}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base}/jwks",
            "OIDC_RP_SIGN_ALGO": "RS256",
        }

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    # --- WSGI ------------------------------------------------------------------------------------

    def app(self, environ, start_response):
        path = environ["PATH_INFO"]
        query = environ.get("QUERY_STRING", "")
        headers = {"Authorization": environ.get("HTTP_AUTHORIZATION", "")}
        try:
            if path == "/authorize":
                request = self.op.parse_authentication_request(query)
                response = self.op.authorize(request, self.signed_in_as)
                location = response.request(request["redirect_uri"], False)
                start_response("302 Found", [("Location", location)])
                return [b""]
            if path == "/token":
                body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)).decode()
                return self._json(start_response, self.op.handle_token_request(body, headers).to_dict())
            if path == "/userinfo":
                return self._json(start_response, self.op.handle_userinfo_request(query, headers).to_dict())
            if path == "/jwks":
                return self._json(start_response, self.op.jwks)
        except Exception as error:  # pyop raises its own errors for bad requests: answer 400, as a provider would
            return self._json(
                start_response, {"error": "invalid_request", "error_description": str(error)}, "400 Bad Request"
            )
        return self._json(start_response, {"error": "not_found"}, "404 Not Found")

    @staticmethod
    def _json(start_response, data, status="200 OK"):
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(data).encode()]


def callback_path(location: str) -> str:
    """The service's callback as the test client requests it (path and query, no host)."""
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"
