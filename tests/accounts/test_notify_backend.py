"""The GOV.UK Notify email backend against a loopback stand-in of the Notify API: it checks the
request as Notify would (the JWT signed with the key's secret, issued by the service id, the
template id and personalisation) and answers as Notify does."""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from django.core import mail
from django.core.mail import EmailMessage, mailers
from notifications_python_client.errors import HTTPError

from accounts.services import invitation_create
from tests.accounts.factories import TrustAdminFactory

pytestmark = pytest.mark.django_db

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"trust_partnerships_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = str(uuid.uuid4())


class StandInNotify(BaseHTTPRequestHandler):
    received: list = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"])
            assert claims["iss"] == SERVICE_ID
        except (jwt.PyJWTError, AssertionError, KeyError):
            return self._answer(
                403, {"errors": [{"error": "AuthError", "message": "Invalid token"}], "status_code": 403}
            )
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path != "/v2/notifications/email" or body.get("template_id") != TEMPLATE_ID:
            return self._answer(400, {"errors": [{"error": "BadRequestError", "message": "Template not found"}]})
        if body["email_address"].endswith("@refused.example"):
            return self._answer(400, {"errors": [{"error": "BadRequestError", "message": "Not a valid email address"}]})
        self.received.append(body)
        self._answer(
            201,
            {"id": str(uuid.uuid4()), "reference": None, "content": {"subject": body["personalisation"]["subject"]}},
        )

    def _answer(self, status, data):
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def notify(settings):
    StandInNotify.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandInNotify)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "accounts.notify.NotifyEmailBackend",
            "OPTIONS": {
                "api_key": API_KEY,
                "template_id": TEMPLATE_ID,
                "base_url": f"http://127.0.0.1:{server.server_port}",
            },
        }
    }
    yield StandInNotify.received
    server.shutdown()
    server.server_close()


def test_each_recipient_gets_the_rendered_subject_and_body_through_notify(notify):
    message = EmailMessage(subject="Hello", body="Line one\n\nLine two", to=["a@school.example", "b@school.example"])
    assert mailers.default.send_messages([message]) == 1
    assert [(sent["email_address"], sent["personalisation"]) for sent in notify] == [
        ("a@school.example", {"subject": "Hello", "body": "Line one\n\nLine two"}),
        ("b@school.example", {"subject": "Hello", "body": "Line one\n\nLine two"}),
    ]


def test_an_invitation_goes_out_through_notify(notify, trust, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            invited_by=TrustAdminFactory(trust=trust, first_name="Sam", last_name="Patel"),
            email="jo@trust.example",
            role="trust_staff",
            trust=trust,
        )
    (sent,) = notify
    assert sent["email_address"] == "jo@trust.example"
    assert sent["personalisation"]["subject"] == "Sam Patel has invited you to Trust Partnerships"
    assert "/invitations/" in sent["personalisation"]["body"]
    assert mail.outbox == []  # it went to Notify, not Django's test outbox


def test_a_refusal_from_notify_is_an_error_not_silence(notify):
    with pytest.raises(HTTPError):
        mailers.default.send_messages([EmailMessage(subject="Hi", body="x", to=["nobody@refused.example"])])
    assert notify == []


def test_a_wrong_api_key_is_refused_by_the_stand_in(notify, settings):
    settings.MAILERS["default"]["OPTIONS"]["api_key"] = f"wrong-{SERVICE_ID}-{uuid.uuid4()}"
    with pytest.raises(HTTPError):
        mailers.default.send_messages([EmailMessage(subject="Hi", body="x", to=["a@school.example"])])
