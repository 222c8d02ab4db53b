"""The Voximplant Management API layer: credentials, JWT auth, wire format, errors, client.

Nothing here imports Pulumi: the client is usable on its own, and the resources build on it.
"""
