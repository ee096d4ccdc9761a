"""A tiny SMTP server that keeps what it is sent, for tests that watch a real worker deliver e-mail."""

import socketserver
import threading
from email import message_from_bytes
from email.message import Message


class _Handler(socketserver.StreamRequestHandler):
    server: "SmtpSink"

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 sink ready")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self.reply("250 sink")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 ok")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 end with a full stop")
                lines = []
                while (data := self.rfile.readline()) not in {b".\r\n", b".\n", b""}:
                    lines.append(data[1:] if data.startswith(b"..") else data)
                self.server.received(recipients, message_from_bytes(b"".join(lines)))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")  # RSET, NOOP


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.messages: list[tuple[list[str], Message]] = []
        self._arrived = threading.Condition()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def received(self, recipients: list[str], message: Message) -> None:
        with self._arrived:
            self.messages.append((recipients, message))
            self._arrived.notify_all()

    def wait_for(self, recipient: str, timeout: float) -> Message | None:
        with self._arrived:
            self._arrived.wait_for(lambda: any(recipient in to for to, _ in self.messages), timeout=timeout)
            return next((message for to, message in self.messages if recipient in to), None)

    def __enter__(self) -> "SmtpSink":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
