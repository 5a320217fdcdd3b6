import pytest

from loslaten import config


def test_envbool_reads_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert config.envbool("X_FLAG", "0") is True
    monkeypatch.setenv("X_FLAG", "off")
    assert config.envbool("X_FLAG", "1") is False


def test_envbool_rejects_anything_else_naming_the_variable(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(config.ConfigError, match="X_FLAG"):
        config.envbool("X_FLAG", "0")


def test_envint_enforces_its_minimum(monkeypatch):
    monkeypatch.setenv("X_N", "-3")
    with pytest.raises(config.ConfigError, match="at least 0"):
        config.envint("X_N", "1", minimum=0)
    monkeypatch.setenv("X_N", "twelve")
    with pytest.raises(config.ConfigError, match="whole number"):
        config.envint("X_N", "1")


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("LOSLATEN_SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path)
    assert len(first) > 40
    assert config.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    key = "from-env-" + "k" * 50
    monkeypatch.setenv("LOSLATEN_SECRET_KEY", key)
    assert config.secret_key(tmp_path) == key


def test_a_short_secret_key_is_refused_in_production_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("LOSLATEN_SECRET_KEY", "x")
    with pytest.raises(config.ConfigError, match="at least 50 characters") as refused:
        config.secret_key(tmp_path, debug=False)
    assert "\n" not in str(refused.value)
    placeholder = (
        "replace-with-the-output-of-python3--c-import-secrets-print-secrets.token_urlsafe-50"
    )
    monkeypatch.setenv("LOSLATEN_SECRET_KEY", placeholder)
    with pytest.raises(config.ConfigError, match="placeholder"):
        config.secret_key(tmp_path, debug=False)
    monkeypatch.setenv("LOSLATEN_SECRET_KEY", "x")
    # While developing (DEBUG) a short key is the developer's own business.
    assert config.secret_key(tmp_path, debug=True) == "x"


def test_email_url_smtp_with_tls():
    result = config.email_settings("smtp://user:p%40ss@mail.example.org:587?tls=1")
    assert result["EMAIL_HOST"] == "mail.example.org"
    assert result["EMAIL_PORT"] == 587
    assert result["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert result["EMAIL_USE_TLS"] is True
    assert result["EMAIL_USE_SSL"] is False


def test_email_url_console_and_unknown():
    assert "console" in config.email_settings("console://")["EMAIL_BACKEND"]
    with pytest.raises(config.ConfigError, match="EMAIL_URL"):
        config.email_settings("carrier-pigeon://roof")


def test_base_url_must_be_absolute():
    assert config.base_url("https://loslaten.nl/") == "https://loslaten.nl"
    with pytest.raises(config.ConfigError, match="LOSLATEN_BASE_URL"):
        config.base_url("loslaten.nl")


def test_cache_url_redis_and_unknown():
    redis = config.cache_settings("redis://127.0.0.1:6379/1")
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert redis["BACKEND"] == "loslaten.core.rediscache.RedisCache"
    with pytest.raises(config.ConfigError, match="CACHE_URL"):
        config.cache_settings("memcached://x")


def test_sessions_are_read_from_the_cache_only_when_it_is_shared():
    shared = config.cache_settings("redis://127.0.0.1:6379/1")
    assert config.session_engine(shared) == "django.contrib.sessions.backends.cached_db"
    # Each process's own cache would keep a session alive in the others after a log-out.
    for own in ("locmem://", "dummy://"):
        engine = config.session_engine(config.cache_settings(own))
        assert engine == "django.contrib.sessions.backends.db"


def test_postgresql_keeps_its_connections_and_checks_them_by_default():
    db = config.database_settings("postgres://loslaten:geheim@db:5432/loslaten")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]) == (60, True)
    assert config.database_settings("postgres://db/loslaten", 0)["CONN_MAX_AGE"] == 0


def test_sqlite_keeps_its_connections_in_wal_mode():
    db = config.database_settings("sqlite:////tmp/loslaten.sqlite3")
    assert (db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]) == (60, False)
    assert config.database_settings("sqlite:////tmp/x.sqlite3", 0)["CONN_MAX_AGE"] == 0
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_an_unknown_database_url_names_the_variable():
    with pytest.raises(config.ConfigError, match="DATABASE_URL"):
        config.database_settings("oracle-ish://db/loslaten")


def test_media_dir_defaults_to_var_media_and_must_be_absolute(tmp_path):
    assert config.media_dir("", tmp_path) == tmp_path / "media"
    assert config.media_dir("/srv/beelden", tmp_path) == config.Path("/srv/beelden")
    with pytest.raises(config.ConfigError, match="LOSLATEN_MEDIA_DIR must be an absolute path"):
        config.media_dir("media", tmp_path)
