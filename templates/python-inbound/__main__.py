"""The stack's entry point; the resources live in routing.py so tests can import them."""

import routing  # noqa: F401
