"""`grader show NAME`: an assignment's rubric as a table, or as JSON for scripts."""

from __future__ import annotations

import json

from click.testing import CliRunner

from grader import registry
from grader.cli import cli
from grader.commands.show import describe, table


def test_the_table_lists_every_property_with_category_points_and_title():
    assignment = registry.get("init-shallow")
    text = table(assignment, width=160)
    for prop in assignment.properties:
        line = next(line for line in text.splitlines() if f" {prop.id} " in line)
        assert f" {prop.points:g} " in line
        assert prop.title[:30] in line
    assert "total: 100 points (api 15, shapes 20, bias-zeros 10" in text
    assert "functions: initialize_parameters(n_x, n_h, n_y)" in text


def test_the_json_names_dependencies_and_adds_up():
    data = describe(registry.get("init-shallow"))
    assert data["max_score"] == sum(p["points"] for p in data["properties"])
    training = next(p for p in data["properties"] if p["id"] == "symmetry.training")
    assert training["depends"] == ["shapes.weights", "shapes.biases"]
    assert training["category"] == "symmetry"


def test_the_command_prints_json_and_rejects_unknown_names():
    runner = CliRunner()
    result = runner.invoke(cli, ["show", "init-shallow", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["name"] == "init-shallow"
    unknown = runner.invoke(cli, ["show", "no-such-assignment"])
    assert unknown.exit_code != 0
