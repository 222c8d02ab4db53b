"""PhoneNumberBinding: inputs (check), planning (diff), operations, provider, resource."""
