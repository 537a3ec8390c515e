"""Invitations go out by SMTP when it is configured: a real SMTP exchange on loopback."""

import socket
import threading

SMTP_REPLIES = {b"EHLO": b"250 ok\r\n", b"HELO": b"250 ok\r\n", b"MAIL": b"250 ok\r\n",
                b"RCPT": b"250 ok\r\n", b"RSET": b"250 ok\r\n", b"NOOP": b"250 ok\r\n"}


def tiny_smtp_server(received: list[bytes]):
    """Just enough SMTP to accept one message (so no SMTP library is mocked)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def serve():
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"220 test\r\n")
            buffer = b""
            in_data = False
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buffer += chunk
                while b"\r\n" in buffer:
                    if in_data:
                        end = buffer.find(b"\r\n.\r\n")
                        if end < 0:
                            break
                        received.append(buffer[:end])
                        buffer = buffer[end + 5:]
                        in_data = False
                        conn.sendall(b"250 queued\r\n")
                        continue
                    line, buffer = buffer.split(b"\r\n", 1)
                    verb = line[:4].upper()
                    if verb == b"DATA":
                        in_data = True
                        conn.sendall(b"354 go\r\n")
                    elif verb == b"QUIT":
                        conn.sendall(b"221 bye\r\n")
                        return
                    else:
                        conn.sendall(SMTP_REPLIES.get(verb, b"250 ok\r\n"))

    threading.Thread(target=serve, daemon=True).start()
    return listener.getsockname()[1]


def test_invitation_is_emailed_when_smtp_is_configured(app, client, make_user):
    received: list[bytes] = []
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=tiny_smtp_server(received))
    make_user("admin", email="admin@example.org")
    client.login("admin@example.org")
    response = client.post("/admin/users/new", {"email": "new@example.org", "name": "Нова Людина",
                                                "role": "trainer", "stakeholder_type": ""},
                           follow_redirects=True)
    assert "new@example.org" in response.get_data(as_text=True)
    assert len(received) == 1
    from email import message_from_bytes, policy

    message = message_from_bytes(received[0], policy=policy.default)
    assert message["To"] == "new@example.org" and message["Subject"] == "Запрошення до «Спільно»"
    assert "/invitation/" in message.get_content() and "Нова Людина" in message.get_content()
