"""The Python examples of the README and the guide run as written (from the repository's root,
where their paths point); `view`, which needs a terminal, is recorded instead of opened."""

import contextlib
import io
import re
import textwrap

import numpy as np
import pytest

import gmm_tui
from datasets import ROOT


def python_blocks(path):
    text = (ROOT / path).read_text()
    return [textwrap.dedent(b) for b in re.findall(r"```python\n(.*?)^\s*```", text, re.S | re.M)]


@pytest.mark.parametrize("path", ["README.md", "docs/guide.md"])
def test_python_examples_run(path, monkeypatch):
    viewed = []
    monkeypatch.setattr(gmm_tui, "view", lambda X, **options: viewed.append((X.shape, options)))
    monkeypatch.chdir(ROOT)
    blocks = python_blocks(path)
    assert blocks
    for block in blocks:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(block, path, "exec"), {})
    if path == "README.md":
        assert len(blocks[0].strip().splitlines()) == 5
        assert viewed == [((272, 2), {})]


def test_the_readme_example_prints_the_fit():
    X = np.loadtxt(ROOT / "tests/fixtures/faithful.csv", delimiter=",", skiprows=1)
    model = gmm_tui.GaussianMixture(2, random_state=0).fit(X)
    # Old Faithful's two kinds of eruption: short ones after short waits, long after long.
    short, long = sorted(model.means_.tolist())
    assert short[0] < 2.1 < 4.2 < long[0] and short[1] < 56 < 79 < long[1]
