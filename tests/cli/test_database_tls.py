"""PostgreSQL as a council runs it: TLS checked against the council's certificate authority
(``sslmode=verify-full``), and each role's password from a file, never the command line.

The server is the test's own, set up as docs/deployment.md says: it accepts only TLS
connections with a password (the superuser that makes roles aside), with a certificate for
127.0.0.1 signed by a certificate authority the test makes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.cli.conftest import Cli
from tests.pg_server import Server, give_to_server, throwaway_server
from tests.tls_certs import make_ca, make_server_cert
from triage_app.config import AppConfig
from triage_app.store.credentials import refuse_password_in_argument, with_password_file
from triage_app.store.database import database_url, make_engine

OWNER, DESK = "h2h_owner", "h2h_desk"
PASSWORDS = {OWNER: "owner synthetic pass", DESK: "desk synthetic pass"}
HBA = """\
local all all trust
host all triage 127.0.0.1/32 trust
hostssl all all 127.0.0.1/32 scram-sha-256
hostnossl all all 127.0.0.1/32 reject
"""


@dataclass(frozen=True)
class Council:
    """The server and what IT hands a desk: the CA's certificate and the URL to use."""

    server: Server
    ca: Path
    folder: Path

    def url(self, role: str, ca: Path | None = None) -> str:
        return (
            f"postgresql://{role}@127.0.0.1:{self.server.port}/here_to_help"
            f"?sslmode=verify-full&sslrootcert={ca or self.ca}"
        )

    def password_file(self, role: str, password: str | None = None) -> Path:
        path = self.folder / f"{role}.password"
        path.write_text((password or PASSWORDS[role]) + "\n", encoding="utf-8")
        path.chmod(0o600)
        return path


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Council]:
    folder = tmp_path_factory.mktemp("council")
    ca = make_ca(folder, "council-ca")

    def prepare(data: Path) -> tuple[str, ...]:
        for made in make_server_cert(data, ca):
            give_to_server(made)
        (data / "pg_hba.conf").write_text(HBA, encoding="utf-8")
        return ("ssl=on", "ssl_cert_file=server.crt", "ssl_key_file=server.key")

    with throwaway_server(prepare) as server:
        admin = make_engine(database_url(server.url)).execution_options(
            isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            for role, password in PASSWORDS.items():
                conn.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'"))
            conn.execute(text(f"CREATE DATABASE here_to_help OWNER {OWNER}"))
        admin.dispose()
        yield Council(server, ca[0], folder)


def desk_config(cli_config: AppConfig, council: Council, role: str, **more: object) -> AppConfig:
    return replace(
        cli_config,
        database=council.url(role),
        database_password_file=council.password_file(role),
        **more,  # type: ignore[arg-type]
    )


@pytest.mark.postgres
def test_owner_and_desk_connect_verify_full_with_passwords_from_files(
    cli: Cli, cli_config: AppConfig, council: Council
) -> None:
    owner = desk_config(cli_config, council, OWNER)
    upgraded = cli("db", "upgrade", config=owner)
    assert upgraded.code == 0, upgraded.err
    granted = cli("db", "grant-desk", DESK, config=owner)
    assert granted.code == 0, granted.out + granted.err
    desk = desk_config(cli_config, council, DESK)
    checked = cli("db", "check", config=desk)
    assert checked.code == 0, checked.out + checked.err
    assert "healthy" in checked.out
    for shown in (upgraded, granted, checked):
        assert PASSWORDS[OWNER] not in shown.out + shown.err
        assert PASSWORDS[DESK] not in shown.out + shown.err
    url = with_password_file(database_url(council.url(DESK)), desk.database_password_file)
    engine = make_engine(url)
    with engine.connect() as conn:
        on_tls = conn.execute(
            text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        ).scalar()
        assert (on_tls, conn.execute(text("SELECT current_user")).scalar()) == (True, DESK)
    engine.dispose()


@pytest.mark.postgres
def test_a_server_whose_certificate_another_authority_signed_is_refused(
    cli: Cli, cli_config: AppConfig, council: Council, tmp_path: Path
) -> None:
    stranger, _ = make_ca(tmp_path, "another-ca")
    config = replace(
        desk_config(cli_config, council, DESK), database=council.url(DESK, ca=stranger)
    )
    result = cli("db", "upgrade", config=config)
    assert result.code == 1
    assert "did not prove it is the server this PC was set up for" in result.err
    assert "certificate authority" in result.err
    assert "Traceback" not in result.err and PASSWORDS[DESK] not in result.err


@pytest.mark.postgres
def test_a_missing_authority_file_is_refused(
    cli: Cli, cli_config: AppConfig, council: Council, tmp_path: Path
) -> None:
    config = replace(
        desk_config(cli_config, council, DESK),
        database=council.url(DESK, ca=tmp_path / "no-such-ca.crt"),
    )
    result = cli("db", "upgrade", config=config)
    assert result.code == 1
    assert "did not prove it is the server" in result.err


@pytest.mark.postgres
@pytest.mark.parametrize("password", ["not the password", None])
def test_a_wrong_or_missing_password_is_refused_plainly(
    cli: Cli, cli_config: AppConfig, council: Council, password: str | None
) -> None:
    config = desk_config(cli_config, council, DESK)
    if password is None:
        config = replace(config, database_password_file=None)
    else:
        config = replace(config, database_password_file=council.password_file(DESK, password))
    result = cli("db", "upgrade", config=config)
    assert result.code == 1
    assert "refused the database user (role) or password" in result.err
    assert "Traceback" not in result.err


@pytest.mark.postgres
def test_the_password_may_come_from_the_environment(
    cli: Cli, cli_config: AppConfig, council: Council, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", PASSWORDS[OWNER])
    config = replace(cli_config, database=council.url(OWNER))
    result = cli("db", "upgrade", config=config)
    assert result.code == 0, result.err


@pytest.mark.postgres
def test_a_password_file_everyone_may_read_is_not_used(
    cli: Cli, cli_config: AppConfig, council: Council
) -> None:
    config = desk_config(cli_config, council, DESK)
    assert config.database_password_file is not None
    config.database_password_file.chmod(0o644)
    result = cli("db", "upgrade", config=config)
    assert result.code == 1
    assert "may be read by everyone on this PC" in result.err
    assert "chmod 640" in result.err


def test_a_password_on_the_command_line_is_refused_before_connecting(cli: Cli) -> None:
    secret = "synthetic-secret-99"
    for url in (
        f"postgresql://desk:{secret}@127.0.0.1:1/here_to_help",
        f"postgresql+psycopg://desk:{secret}@db.example.org/here_to_help?sslmode=verify-full",
        f"postgresql://desk@db.example.org/here_to_help?sslmode=require&password={secret}",
    ):
        result = cli("--database", url, "db", "check")
        assert result.code == 2
        assert "--database: carries a password" in result.err
        assert "TRIAGE_DATABASE_PASSWORD_FILE" in result.err
        assert secret not in result.err + result.out


@pytest.mark.parametrize(
    "value",
    [
        "postgresql://desk@db.example.org/here_to_help?sslmode=verify-full&sslrootcert=/ca.crt",
        "postgresql://db.example.org:5432/here_to_help",
        "/srv/desks/odd:name@hub.sqlite",
        "sqlite:////srv/desks/odd:name@hub.sqlite",
    ],
)
def test_a_database_without_a_password_passes_the_check(value: str) -> None:
    refuse_password_in_argument(value)
