"""The voxbind provider plugin: the second front door on the same core.

`pulumi-resource-voxbind` (server.py) serves `voxbind:index:*` (schema.json, the single
source of names, types, docs and aliases) to programs in any language; each request is mapped
(values.py) onto the kind's shared check, diff plan and operations (kinds.py). The dynamic
resources (`pulumi_voxbind.Rule`, ...) are the first door and stay as they are.
"""
