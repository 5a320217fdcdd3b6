from unittest import mock

from loslaten.search import checks


def test_sqlite_and_postgresql_pass_the_check():
    for vendor in checks.SUPPORTED_VENDORS:
        with mock.patch.object(checks, "connections", {"default": mock.Mock(vendor=vendor)}):
            assert checks.database_is_supported(None) == []


def test_another_database_is_refused_at_start_with_a_clear_error():
    with mock.patch.object(checks, "connections", {"default": mock.Mock(vendor="mysql")}):
        [error] = checks.database_is_supported(None)
    assert error.id == "loslaten.search.E001"
    assert "mysql" in error.msg
