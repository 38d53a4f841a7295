"""The local Ray cluster's workers run at normal priority unless the user asked for another: Ray's
default (nice 15) starves them whenever anything else runs on the machine."""

from __future__ import annotations

import os

import pytest

from newsledger.batch.ray_engine import NICENESS_ENV, normal_priority_workers


@pytest.mark.parametrize(("set_by_user", "inside"), [(None, "0"), ("7", "7"), ("15", "15")])
def test_the_cluster_starts_with_normal_priority_workers_unless_the_user_says(monkeypatch, set_by_user, inside):
    if set_by_user is None:
        monkeypatch.delenv(NICENESS_ENV, raising=False)
    else:
        monkeypatch.setenv(NICENESS_ENV, set_by_user)
    with normal_priority_workers():
        assert os.environ[NICENESS_ENV] == inside
    assert os.environ.get(NICENESS_ENV) == set_by_user  # as it was: the setting is for the cluster's start only
