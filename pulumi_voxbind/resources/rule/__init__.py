"""Rule: inputs (check), planning (diff), operations, provider, resource."""
