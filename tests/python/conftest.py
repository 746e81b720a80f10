"""Make plots/ importable and give tests a few results files built by factory.py."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLOTS = ROOT / "plots"
sys.path.insert(0, str(PLOTS))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import factory  # noqa: E402


@pytest.fixture
def full_file(tmp_path):
    return factory.write(tmp_path / "full.json", factory.full_doc())


@pytest.fixture
def second_file(tmp_path):
    doc = factory.small_doc(hostname="arm1", cpu_model="Neoverse-N1")
    return factory.write(tmp_path / "arm1.json", doc)
