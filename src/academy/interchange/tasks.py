"""Interchange has no background work of its own yet: a scheme's matching is small enough to solve while
the programme manager waits (hundreds of requests, not the coaching hub's thousands), and its e-mail goes
through the outbox."""
