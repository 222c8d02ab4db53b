"""ScenarioBinding: inputs (check), planning (diff), resolver, operations, provider, resource."""
