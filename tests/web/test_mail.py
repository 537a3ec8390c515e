"""Invitations go out by SMTP when it is configured: a real SMTP exchange on loopback
(tests/web/loopback_smtp.py, no SMTP library mocked)."""

from tests.web import loopback_smtp


def test_invitation_is_emailed_when_smtp_is_configured(app, client, make_user):
    server = loopback_smtp.start(app)
    try:
        make_user("admin", email="admin@example.org")
        client.login("admin@example.org")
        response = client.post("/admin/users/new", {"email": "new@example.org", "name": "Нова Людина",
                                                    "role": "trainer", "stakeholder_type": ""},
                               follow_redirects=True)
        assert "new@example.org" in response.get_data(as_text=True)
        assert len(server.messages) == 1
        message = server.messages[0]
        assert message["To"] == "new@example.org" and message["Subject"] == "Запрошення до «Спільно»"
        assert "/invitation/" in message.get_content() and "Нова Людина" in message.get_content()
    finally:
        server.close()
