"""Fresh PostgreSQL databases for tests that run the stack or restore a backup, dropped afterwards."""

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

SERVER_URL = os.environ.get("STACK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def postgres_available() -> bool:
    try:
        with psycopg.connect(SERVER_URL, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def database_url(name: str) -> str:
    return SERVER_URL.rsplit("/", 1)[0] + "/" + name


@contextmanager
def fresh_database(prefix: str) -> Iterator[str]:
    """A new empty database; yields its URL and drops it at the end."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield database_url(name)
    finally:
        with psycopg.connect(SERVER_URL, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
