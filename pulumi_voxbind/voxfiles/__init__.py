"""voxengine-ci `voxfiles/` trees: read offline into a plain model, declared by a component.

`read_tree(path)` imports nothing from Pulumi and calls no API: it returns a `VoxfilesTree` or
raises `VoxfilesError` listing every problem with its file and key. `VoxfilesProject` (in
`component.py`, exported from `pulumi_voxbind`) declares the tree's resources.
"""

from pulumi_voxbind.voxfiles.model import ApplicationSpec, RuleSpec, ScenarioSpec, VoxfilesTree
from pulumi_voxbind.voxfiles.problems import Problem, VoxfilesError
from pulumi_voxbind.voxfiles.reader import read_tree

__all__ = [
    "ApplicationSpec",
    "Problem",
    "RuleSpec",
    "ScenarioSpec",
    "VoxfilesError",
    "VoxfilesTree",
    "read_tree",
]
