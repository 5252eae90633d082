"""Shared fixtures of the Python tests of the jsii-built package.

Run them with `npx projen test:python` (scripts/python-test.sh), which installs the wheel from
dist/python/ into .venv-python-test/ and writes the TypeScript example's
template to the file TS_TEMPLATE names.
"""
import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_APP = REPO_ROOT / "examples" / "python" / "app.py"


def _load_app(path, name):
    # Loaded from its path under a module name of its own (not `app`, which is
    # too generic to put on sys.path).
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _load_example_app():
    return _load_app(EXAMPLE_APP, "flow_logs_example_app")


@pytest.fixture(scope="session")
def example_app_module():
    return _load_example_app()


@pytest.fixture(scope="session")
def example(example_app_module):
    """(stack, Template) of the Python example app (examples/python/app.py)."""
    from aws_cdk.assertions import Template

    _app, stack = example_app_module.build_app()
    return stack, Template.from_stack(stack)


@pytest.fixture(scope="session")
def ts_template():
    """The TypeScript example's template (examples/app.ts), from the JSON file TS_TEMPLATE names.

    A missing TS_TEMPLATE fails the test rather than skipping it: the
    comparison is the point of the suite.
    """
    path = os.environ.get("TS_TEMPLATE")
    if not path:
        pytest.fail(
            "TS_TEMPLATE is not set: write the TypeScript example's template with "
            "`npx ts-node --project test/tsconfig.json test/python/ts-template.ts <file>` "
            "and set TS_TEMPLATE=<file> (scripts/python-test.sh does both)."
        )
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="session")
def package_json():
    with open(REPO_ROOT / "package.json", encoding="utf-8") as f:
        return json.load(f)


ORGANIZATION_APP = REPO_ROOT / "examples" / "organization" / "python" / "app.py"


@pytest.fixture(scope="session")
def organization_app_module():
    return _load_app(ORGANIZATION_APP, "flow_logs_organization_app")


@pytest.fixture(scope="session")
def ts_organization_templates():
    """The TypeScript organization example's templates by stack name (TS_ORGANIZATION_TEMPLATES)."""
    path = os.environ.get("TS_ORGANIZATION_TEMPLATES")
    if not path:
        pytest.fail("TS_ORGANIZATION_TEMPLATES is not set (scripts/python-test.sh writes it with test/python/ts-template.ts).")
    with open(path, encoding="utf-8") as f:
        return json.load(f)
