"""Scenario: inputs and scripts (check), planning (diff), operations, provider, resource."""
