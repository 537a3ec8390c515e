"""A loopback SMTP exchange that accepts any number of connections and messages, for every
test that sends email: a real SMTP conversation, no SMTP library mocked."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage


class LoopbackSMTP:
    def __init__(self):
        self.raw: list[bytes] = []
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.refuse = False  # answer 451 to every message (a failing server)
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(raw, policy=policy.default) for raw in list(self.raw)]

    def _accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        with conn:
            conn.sendall(b"220 test\r\n")
            buffer, in_data = b"", False
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
                        body, buffer, in_data = buffer[:end], buffer[end + 5:], False
                        if self.refuse:
                            conn.sendall(b"451 try later\r\n")
                        else:
                            self.raw.append(body.replace(b"\r\n..", b"\r\n."))
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
                        conn.sendall(b"250 ok\r\n")

    def close(self):
        self.listener.close()


def start(app) -> LoopbackSMTP:
    server = LoopbackSMTP()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port)
    return server
