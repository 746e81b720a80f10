"""Every curated real run under results/examples/ follows the schema."""

import pytest

import results
from conftest import ROOT

EXAMPLES = sorted((ROOT / "results" / "examples").glob("*.json"))


@pytest.mark.skipif(not EXAMPLES, reason="no results/examples/*.json yet")
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_is_valid(path):
    results.load(path)
