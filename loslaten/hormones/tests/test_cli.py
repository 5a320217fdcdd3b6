"""The command line: main([...]) with capsys."""

import pytest

from loslaten.hormones import SCENARIOS
from loslaten.hormones.cli import main
from loslaten.hormones.explain import DISCLAIMER
from loslaten.hormones.simulate import check_days


def test_scenarios_lists_one_line_each(capsys):
    assert main(["scenarios"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(SCENARIOS)
    assert lines[0].startswith("te-volle-dag ")


def test_simulate_scenario_prints_explanation_and_disclaimer(capsys):
    assert main(["simulate", "uitgesteld-telefoontje"]) == 0
    out = capsys.readouterr().out
    assert "het afronden om 14:00" in out
    assert out.strip().endswith(DISCLAIMER["nl"])


def test_simulate_custom_day_in_english_with_csv_and_plot(capsys, tmp_path):
    png, svg, csv = tmp_path / "a.png", tmp_path / "a.svg", tmp_path / "a.csv"
    argv = ["simulate", "--event", "hold@09:00+15", "--event", "exhale@09:20"]
    assert (
        main(
            [
                *argv,
                "--event",
                "complete@14:00*0.8",
                "--lang",
                "en",
                "--plot",
                str(png),
                "--csv",
                str(csv),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "09:20" in out and out.strip().endswith(DISCLAIMER["en"])
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert csv.read_text().startswith("minute,crh,")
    assert main([*argv, "--plot", str(svg)]) == 0
    assert "<svg" in svg.read_text()


def test_csv_to_stdout(capsys):
    assert main(["simulate", "loslaten", "--csv", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("minute,crh,acth,cortisol")
    assert DISCLAIMER["nl"] in captured.err


def test_compare_scenario_and_compare_events(capsys):
    assert main(["simulate", "onderdrukken", "--compare", "loslaten"]) == 0
    assert "Vergelijking" in capsys.readouterr().out
    assert (
        main(
            [
                "simulate",
                "--event",
                "hold@09:00+15",
                "--compare-event",
                "hold@09:00+15",
                "--compare-event",
                "exhale@09:20",
                "--lang",
                "en",
            ]
        )
        == 0
    )
    assert "Comparison" in capsys.readouterr().out


def test_bad_arguments_give_one_line_and_exit_code_2(capsys):
    for argv in (
        ["simulate", "--event", "foo@09:00"],
        ["simulate", "geen-scenario"],
        ["simulate", "--event", "hold@09:00", "--days", "nul"],
        ["simulate", "--bogus"],
        ["simulate", "loslaten", "--lang", "fr"],
        ["simulate", "--event", "hold@09:00", "--wake", "7"],
    ):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("loslaten simulate: "), err
    assert main(["simulate", "--event", "foo@09:00"]) == 2
    err = capsys.readouterr().err
    assert "unknown event kind 'foo'" in err and "--event" in err


def test_a_plain_day_without_events_runs(capsys):
    assert main(["simulate"]) == 0
    out = capsys.readouterr().out
    assert "alleen je eigen dagritme" in out
    assert out.strip().endswith(DISCLAIMER["nl"])


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("loslaten simulate: "), err
    return err


def test_days_must_lie_between_1_and_366(capsys):
    for days in ("0", "367", "100000", "10" * 30, "-1", "٣"):
        assert main(["simulate", "--days", days]) == 2, days
        assert "days" in one_line_error(capsys)
    assert main(["simulate", "--days", "2", "--csv", "-"]) == 0
    assert capsys.readouterr().out.count("\n") == 1 + 2 * 1440 + 1
    # The upper end itself is accepted (running a year here would only cost time).
    assert check_days(366) == 366


def test_an_unwritable_output_path_is_one_line_and_exit_2(capsys, tmp_path):
    missing = tmp_path / "no-such-dir"
    for option, name in (("--csv", "day.csv"), ("--plot", "day.png")):
        assert main(["simulate", option, str(missing / name)]) == 2
        err = one_line_error(capsys)
        assert "cannot write" in err and name in err
    assert not missing.exists()


def test_times_take_only_ascii_digits(capsys):
    for event in ("hold@٠٩:٣٠", "hold@０９:００", "hold@09:00+١٥", "D²/hold@09:00"):
        assert main(["simulate", "--event", event]) == 2, event
        one_line_error(capsys)
    assert main(["simulate", "--wake", "٠٧:٠٠"]) == 2
    one_line_error(capsys)


def test_an_event_cut_off_at_the_end_is_reported(capsys):
    assert main(["simulate", "--event", "hold@23:30+120"]) == 0
    out = capsys.readouterr().out
    assert "hold@23:30+120 loopt door na het einde" in out
    assert main(["simulate", "--event", "hold@22:00+60", "--lang", "en"]) == 0
    assert "runs past the end" not in capsys.readouterr().out


def test_help_lists_the_model_commands_with_django_s(capsys):
    from loslaten.cli import main as loslaten_main

    assert loslaten_main(["loslaten", "help"]) == 0
    out = capsys.readouterr().out
    assert "scenarios" in out and "simulate" in out
    assert "migrate" in out  # Django's commands are still listed


@pytest.mark.parametrize("command", ["simulate", "scenarios"])
def test_help_on_a_model_command_shows_its_usage(capsys, command):
    from loslaten.cli import main as loslaten_main

    # Django's own list ends with "Type 'loslaten help <subcommand>'": that must work for
    # the model's commands too (it said "Unknown command: 'simulate'", exit 1).
    assert loslaten_main(["loslaten", "help", command]) == 0
    out = capsys.readouterr().out
    assert f"usage: loslaten {command}" in out and "--lang" in out


def test_loslaten_without_a_command_lists_the_model_commands_too(capsys):
    from loslaten.cli import main as loslaten_main

    loslaten_main(["loslaten"])
    out = capsys.readouterr().out
    assert "simulate" in out and "scenarios" in out and "migrate" in out


@pytest.mark.parametrize("option", ["--csv", "--plot", "--wake", "--sleep"])
def test_an_empty_value_is_refused_not_silently_ignored(capsys, option):
    # `--csv ""` (an unset shell variable) wrote nothing and said nothing; `--wake ""` ran
    # at 07:00 without a word.
    assert main(["simulate", option, ""]) == 2
    assert option.strip("-") in one_line_error(capsys)


def test_a_time_typed_without_its_leading_zero_is_told_back_as_hh_mm(capsys):
    assert main(["simulate", "--wake", "7:00", "--sleep", " 23:00", "--lang", "en"]) == 0
    assert "You woke at 07:00 and went to sleep at 23:00;" in capsys.readouterr().out


def test_a_duration_longer_than_the_longest_run_is_refused_in_one_line(capsys):
    # 10**23 minutes went through float and came back as 99999999999999991611392.
    assert main(["simulate", "--event", "hold@09:00+99999999999999999999999"]) == 2
    err = one_line_error(capsys)
    assert "duration" in err and "99999999999999999999999" in err
    assert main(["simulate", "--event", "hold@09:00+527040", "--csv", "-"]) == 0


def test_a_scenario_cut_short_by_days_names_the_scenario_not_event(capsys):
    # No --event was given, yet the error ended "in --event".
    assert main(["simulate", "chronische-spanning", "--days", "1"]) == 2
    err = one_line_error(capsys)
    assert "--event" not in err and "chronische-spanning" in err and "14" in err, err
    assert main(["simulate", "te-volle-dag", "--compare", "chronische-spanning"]) == 2
    err = one_line_error(capsys)
    assert "--event" not in err and "--compare" in err and "chronische-spanning" in err, err


def test_an_empty_scenario_name_is_refused(capsys):
    assert main(["simulate", ""]) == 2
    assert "scenario" in one_line_error(capsys)


def test_a_plot_carries_the_disclaimer_and_readable_day_ticks(tmp_path):
    from loslaten.hormones import simulate
    from loslaten.hormones.plot import _ticks, plot

    svg = plot(simulate(["hold@09:00+15*2"], days=2), tmp_path / "two.svg").read_text()
    assert DISCLAIMER["nl"] in svg and DISCLAIMER["en"] in svg
    # A year on the axis: a label per day start at most ~15 times, not 366 hour numbers.
    _, labels, axis = _ticks(366)
    assert len(labels) <= 16 and labels[0] == "1" and axis == "dag / day"
    assert _ticks(1)[1][:2] == ["00:00", "03:00"]
