"""`python -m pulumi_voxbind.plugin <engine address>`: the voxbind provider plugin."""

from pulumi_voxbind.plugin.server import main

if __name__ == "__main__":
    main()
