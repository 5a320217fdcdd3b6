import pytest
from django.core.management import call_command

from loslaten.accounts.models import Token, User
from loslaten.accounts.services import hash_token
from loslaten.conftest import PASSWORD


def run(*args):
    call_command(*args)


def exit_code(*args) -> int:
    with pytest.raises(SystemExit) as stopped:
        call_command(*args)
    return stopped.value.code


@pytest.fixture
def typed(monkeypatch):
    """Make getpass answer with the given passwords, in order."""

    def answer(*passwords):
        answers = iter(passwords)
        monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))

    return answer


def test_user_create_asks_the_password_twice(db, typed, capsys):
    typed(PASSWORD, PASSWORD)
    run("user", "create", "Carla@Example.org", "--first-name", "Carla")
    user = User.objects.get(email="carla@example.org")
    assert user.check_password(PASSWORD) and user.first_name == "Carla"
    assert "carla@example.org" in capsys.readouterr().out


def test_user_create_reads_a_password_file(db, tmp_path):
    path = tmp_path / "pw"
    path.write_text(PASSWORD + "\n")
    run("user", "create", "carla@example.org", "--password-file", str(path))
    assert User.objects.get(email="carla@example.org").check_password(PASSWORD)


def test_user_create_stops_when_the_passwords_differ(db, typed, capsys):
    typed(PASSWORD, PASSWORD + "x")
    assert exit_code("user", "create", "carla@example.org") == 2
    err = capsys.readouterr().err.strip()
    assert err == "loslaten: the two passwords differ"
    assert not User.objects.exists()


def test_user_create_refuses_a_bad_address(db, typed, capsys):
    typed(PASSWORD, PASSWORD)
    assert exit_code("user", "create", "not-an-address") == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("loslaten: ") and "\n" not in err


def test_user_create_refuses_a_weak_password(db, tmp_path, capsys):
    path = tmp_path / "pw"
    path.write_text("password\n")
    assert exit_code("user", "create", "carla@example.org", "--password-file", str(path)) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("loslaten: ") and "\n" not in err
    assert not User.objects.exists()


def test_user_create_refuses_a_known_address(alice, tmp_path, capsys):
    path = tmp_path / "pw"
    path.write_text(PASSWORD)
    assert exit_code("user", "create", "ALICE@example.org", "--password-file", str(path)) == 2
    assert "loslaten: " in capsys.readouterr().err


def test_user_create_names_a_missing_password_file(db, tmp_path, capsys):
    missing = tmp_path / "nope"
    assert exit_code("user", "create", "c@example.org", "--password-file", str(missing)) == 2
    assert "password file" in capsys.readouterr().err


def test_token_create_prints_the_secret_once(alice, capsys):
    run("token", "create", "alice@example.org", "--name", "backup script")
    secret = capsys.readouterr().out.strip()
    token = Token.objects.get(user=alice)
    assert token.name == "backup script"
    assert token.digest == hash_token(secret)


def test_token_list_and_revoke(alice, capsys):
    run("token", "create", "alice@example.org")
    secret = capsys.readouterr().out.strip()
    token = Token.objects.get(user=alice)
    run("token", "list", "alice@example.org")
    listing = capsys.readouterr().out
    assert token.prefix in listing and secret not in listing
    run("token", "revoke", "alice@example.org", str(token.pk))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_create_for_an_unknown_address_exits_2(db, capsys):
    assert exit_code("token", "create", "nobody@example.org") == 2
    assert (
        capsys.readouterr().err.strip()
        == "loslaten: no account with the address nobody@example.org"
    )
