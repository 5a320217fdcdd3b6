import subprocess
import sys


def run_loslaten(*args, env_extra=None):
    import os

    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "loslaten", *args], capture_output=True, text=True, env=env
    )


def test_loslaten_is_the_manage_command():
    result = run_loslaten("help")
    assert result.returncode == 0
    assert "migrate" in result.stdout


def test_a_bad_setting_stops_the_start_with_one_clear_line():
    result = run_loslaten("check", env_extra={"LOSLATEN_DEBUG": "perhaps"})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "loslaten: LOSLATEN_DEBUG must be one of 1/0, true/false, yes/no, on/off; got 'perhaps'"
    )
