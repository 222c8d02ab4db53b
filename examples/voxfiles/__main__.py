"""Declare everything a voxengine-ci `voxfiles/` tree describes, adopting what already exists.

`voxfiles/` is what `npx voxengine-ci init` writes: two applications, three rules in routing
order, four scenario sources (`greeting` runs in both applications) and voxengine-ci's
`.voxengine-ci/` metadata. The first `pulumi up` takes the existing objects over (no
duplicates); from then on edit the tree and run `pulumi up` instead of `voxengine-ci upload`.
"""

import pulumi

from pulumi_voxbind import VoxfilesProject

routing = VoxfilesProject("routing", "voxfiles")

pulumi.export("applications", routing.applications)
pulumi.export("rules", routing.rules)
pulumi.export("scenarios", routing.scenarios)
# The rule tools/demo prints, in execution order.
pulumi.export("application_name", "ivr.emulator.voximplant.com")
pulumi.export("rule_name", "inbound")
