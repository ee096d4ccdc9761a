"""Instruments, surveys, responses, goals and themes (see the evaluation issue)."""
