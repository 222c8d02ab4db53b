"""Secret: inputs (check), digest, planning (diff), operations, provider, resource."""
