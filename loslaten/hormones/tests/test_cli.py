"""The command line: main([...]) with capsys."""

from loslaten.hormones import SCENARIOS
from loslaten.hormones.cli import main
from loslaten.hormones.explain import DISCLAIMER


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
        ["simulate"],
        ["simulate", "loslaten", "--lang", "fr"],
        ["simulate", "--event", "hold@09:00", "--wake", "7"],
    ):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("loslaten simulate: "), err
    assert main(["simulate", "--event", "foo@09:00"]) == 2
    err = capsys.readouterr().err
    assert "unknown event kind 'foo'" in err and "--event" in err
