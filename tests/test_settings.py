"""Settings are checked when read: a bad value stops every command at start-up with one line."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import get_args

import pytest
from typer.testing import CliRunner

from assistant.assistant import MODES
from assistant.config import PressroomSettings, SettingsError
from assistant.llm import LLMS
from assistant.settings import LLMName, Mode
from index.backend import BACKENDS
from index.settings import EncoderRuntime, Precision, StoreBackend
from index.st_embedder import PRECISIONS, RUNTIMES
from pressroom.cli import app
from tests.conftest import ROOT

ERROR = "pressroom: error: invalid setting: "
BAD = {
    "PRESSROOM_MODE": ("generate", "extractive, generative"),
    "PRESSROOM_LLM": ("olama", "local, openai, ollama"),
    "PRESSROOM_BACKEND": ("sqlite", "auto, edge, qdrant"),
    "PRESSROOM_PRECISION": ("fp16", "auto, fp32, bf16"),
    "PRESSROOM_RUNTIME": ("onnx", "auto, torch, openvino"),
    "PRESSROOM_RANKING": ("bm25", "rules, learned"),
}


def test_the_settings_accept_what_the_registries_know() -> None:
    assert set(get_args(Mode)) == set(MODES)
    assert set(get_args(LLMName)) == set(LLMS)
    assert set(get_args(StoreBackend)) == {"auto", *BACKENDS}
    assert set(get_args(Precision)) == set(PRECISIONS)
    assert set(get_args(EncoderRuntime)) == set(RUNTIMES)


@pytest.mark.parametrize("name", BAD)
def test_a_bad_value_names_the_variable_and_the_choices(name: str) -> None:
    value, choices = BAD[name]
    with pytest.raises(SettingsError) as caught:
        PressroomSettings.from_env({name: value})
    assert str(caught.value) == f"{name}={value!r}: use one of {choices}"


def test_good_values_and_overrides() -> None:
    env = {"PRESSROOM_LLM": "ollama", "PRESSROOM_BACKEND": "qdrant", "PRESSROOM_MODE": "extractive"}
    chosen = PressroomSettings.from_env(env, {"mode": "generative"})
    assert (chosen.assistant.llm, chosen.assistant.mode, chosen.index.backend) == ("ollama", "generative", "qdrant")
    with pytest.raises(SettingsError, match=r"^mode='quotes': use one of extractive, generative$"):
        PressroomSettings.from_env({}, {"mode": "quotes"})
    with pytest.raises(SettingsError, match=r"^PRESSROOM_QDRANT_SHARDS='two': Input should be a valid integer"):
        PressroomSettings.from_env({"PRESSROOM_QDRANT_SHARDS": "two"})


def test_a_reader_model_file_is_read_when_it_is_named(tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(SettingsError, match=r"^PRESSROOM_READER_MODEL='/absent.json': cannot read it: No such file"):
        PressroomSettings.from_env({"PRESSROOM_READER_MODEL": "/absent.json"})
    other = tmp_path / "other.json"
    other.write_text('{"threshold": 0.5}', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"^reader_model='.*other.json': not a reader model file"):
        PressroomSettings.from_env({}, {"reader_model": str(other)})
    packaged = ROOT / "assistant" / "reader_model.json"
    assert PressroomSettings.from_env({"PRESSROOM_READER_MODEL": str(packaged)}).assistant.reader_model == str(packaged)


def test_the_encoder_batch_is_a_variable() -> None:
    # 64 measured best on a GPU (docs/performance.md, session 38); the CPU's 16 stays the default.
    assert PressroomSettings.from_env({}).index.embedding_batch_size == 16
    assert PressroomSettings.from_env({"PRESSROOM_EMBEDDING_BATCH_SIZE": "64"}).index.embedding_batch_size == 64
    with pytest.raises(SettingsError, match=r"^PRESSROOM_EMBEDDING_BATCH_SIZE='0': Input should be greater than"):
        PressroomSettings.from_env({"PRESSROOM_EMBEDDING_BATCH_SIZE": "0"})


def test_a_scratch_folder_is_a_setting_not_the_environment(tmp_path) -> None:  # noqa: ANN001
    served = PressroomSettings.from_env({"PRESSROOM_QDRANT_URL": "http://qdrant:6333", "PRESSROOM_MODE": "generative"})
    scratch = served.in_folder(tmp_path)
    assert (scratch.index.home, scratch.index.qdrant_location, scratch.index.backend) == (tmp_path, "", "edge")
    assert scratch.assistant == served.assistant
    assert "PRESSROOM_HOME" not in os.environ or os.environ["PRESSROOM_HOME"] != str(tmp_path)


def every_command() -> list[str]:
    import typer.main

    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_every_command_stops_at_start_up_on_a_bad_setting(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # noqa: ANN001
    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path))
    monkeypatch.setenv("PRESSROOM_LLM", "olama")
    commands = every_command()
    assert {"ask", "serve", "eval", "bench", "calibrate", "eval-brief", "feedback"} <= set(commands)
    for command in commands:
        result = CliRunner().invoke(app, [command])
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr == f"{ERROR}PRESSROOM_LLM='olama': use one of local, openai, ollama\n"
    assert list(tmp_path.iterdir()) == []  # nothing opened
    assert CliRunner().invoke(app, ["ask", "--help"]).exit_code == 0  # help still shows


@pytest.mark.parametrize("command", [["docs"], ["serve", "--port", "0"]])
def test_the_program_says_one_line_not_a_traceback(command: list[str], tmp_path) -> None:  # noqa: ANN001
    env = {**os.environ, "PRESSROOM_HOME": str(tmp_path), "PRESSROOM_RUNTIME": "onnx", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "pressroom", *command], env=env, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr == f"{ERROR}PRESSROOM_RUNTIME='onnx': use one of auto, torch, openvino\n"
    assert done.stdout == ""


def test_an_option_is_checked_like_a_variable(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # noqa: ANN001
    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["ask", "anything", "--mode", "quotes"])
    assert result.exit_code == 2
    assert result.stderr == f"{ERROR}mode='quotes': use one of extractive, generative\n"


def test_help_lists_every_setting_the_code_reads() -> None:
    import re

    from ui.settings import ENVIRONMENT

    read = set()
    for package in ("assistant", "eval", "index", "ingest", "pressroom", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            read |= set(re.findall(r"\bPRESSROOM_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    assert read - set(ENVIRONMENT) == set(), "add these to ui.settings.ENVIRONMENT (pressroom --help)"


@pytest.mark.parametrize(
    ("args", "variables", "said"),
    [
        (["--port", "70000"], {}, "invalid setting: --port=70000: Input should be less than or equal to 65535"),
        ([], {"PRESSROOM_RATE_LIMIT": "abc"}, "invalid setting: PRESSROOM_RATE_LIMIT='abc': Input should be"),
        ([], {"PRESSROOM_MAX_UPLOAD_MB": "-3"}, "invalid setting: PRESSROOM_MAX_UPLOAD_MB='-3': Input should be"),
        (["--host", "192.0.2.1"], {"PRESSROOM_TOKEN": "t" * 20}, "cannot listen on 192.0.2.1:7860: this machine has"),
    ],
)
def test_serve_names_the_option_or_variable_that_is_wrong(  # noqa: ANN001 - tmp_path, as above
    args: list[str], variables: dict, said: str, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    # Before: the bare "Input should be ...", and "the port is in use" for an address not on the machine.
    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path))
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["serve", *args])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"pressroom: error: {said}") and result.stderr.count("\n") == 1, result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing opened


def test_serve_on_a_port_in_use_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # noqa: ANN001
    import socket

    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    said = f"cannot listen on 127.0.0.1:{port}: the port is in use (pick another with --port)"
    assert result.stderr == f"pressroom: error: {said}\n"
